import {
  backoffDelayMs,
  isTransientDbError,
  ReconnectingError,
  withRetry,
} from '../../../../src/node/store/retry.js';

describe('retry policy', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000, budgetMs: 5_000 };
  test('exponential, capped, with at most 25 % jitter', () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => backoffDelayMs(policy, a, () => 0))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelayMs(policy, 1, () => 1)).toBe(125);
  });
  test('classifies availability errors as transient, logic errors not', () => {
    expect(isTransientDbError(new ReconnectingError('x:1'))).toBe(true);
    expect(
      isTransientDbError(
        new Error('Cannot perform write: primary replica for shard ["", +inf) not available'),
      ),
    ).toBe(true);
    expect(
      isTransientDbError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isTransientDbError(new Error('Table `bigchain.nope` does not exist'))).toBe(false);
  });
  test('withRetry retries transient failures, then succeeds', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new ReconnectingError('x:1');
        return 'ok';
      },
      { baseDelayMs: 1, maxDelayMs: 2, budgetMs: 1_000 },
    );
    expect([result, calls]).toEqual(['ok', 3]);
  });
  test('withRetry gives up at once on a non-transient error', async () => {
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls++;
      throw new Error('logic');
    };
    await expect(withRetry(failing, policy)).rejects.toThrow('logic');
    expect(calls).toBe(1);
  });
});
