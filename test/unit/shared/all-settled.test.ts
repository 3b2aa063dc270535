import { allSettledOrThrow } from '../../../src/shared/all-settled.js';

const later = <T>(ms: number, value: T, fail = false): Promise<T> =>
  new Promise((resolve, reject) => setTimeout(() => (fail ? reject(value) : resolve(value)), ms));

describe('allSettledOrThrow', () => {
  test('the values in order when all succeed', async () => {
    expect(await allSettledOrThrow([later(20, 'a'), later(1, 'b')])).toEqual(['a', 'b']);
  });

  test('waits for every promise, then throws the first failure in input order (not in time)', async () => {
    let slowDone = false;
    const slow = later(30, 'slow').then((v) => {
      slowDone = true;
      return v;
    });
    const error = await allSettledOrThrow([later(20, 'first', true), later(1, 'second', true), slow]).catch(
      (e: unknown) => e,
    );
    expect(error).toBe('first');
    expect(slowDone).toBe(true);
  });
});
