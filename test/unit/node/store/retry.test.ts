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
  test('withRetry gives up with the last error once the budget is spent', async () => {
    let calls = 0;
    const retried: number[] = [];
    const started = Date.now();
    const failing = async (): Promise<never> => {
      calls++;
      throw new ReconnectingError('x:1');
    };
    const policy = { baseDelayMs: 10, maxDelayMs: 20, budgetMs: 150 };
    await expect(withRetry(failing, policy, (attempt) => retried.push(attempt))).rejects.toThrow(
      'not connected to x:1 (reconnecting)',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toBeGreaterThan(2);
    expect(retried).toEqual(Array.from({ length: calls - 1 }, (_, i) => i + 1));
  });
  test('withRetry passes the very value thrown (not only Error instances) to the caller', async () => {
    const odd = { code: 'ECONNRESET', message: 'socket hang up' }; // like an error from another realm
    let calls = 0;
    const seen: unknown[] = [];
    const failing = async (): Promise<never> => {
      calls++;
      throw calls < 2 ? odd : new TypeError('logic bug');
    };
    const outcome = withRetry(failing, { baseDelayMs: 1, maxDelayMs: 2, budgetMs: 1_000 }, (_, e) =>
      seen.push(e),
    );
    await expect(outcome).rejects.toThrow(TypeError);
    expect(seen).toEqual([odd]);
    expect(calls).toBe(2);
  });
});
