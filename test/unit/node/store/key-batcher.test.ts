import { KeyBatcher } from '../../../../src/node/store/key-batcher.js';

describe('KeyBatcher', () => {
  test('coalesces loads of one turn into one fetch, deduplicated, in order', async () => {
    const calls: string[][] = [];
    const batcher = new KeyBatcher<string>(async (keys) => {
      calls.push(keys);
      return keys.map((k) => (k === 'missing' ? null : k.toUpperCase()));
    });
    const results = await Promise.all([
      batcher.load('a'),
      batcher.load('b'),
      batcher.load('a'),
      batcher.load('missing'),
    ]);
    expect(results).toEqual(['A', 'B', 'A', null]);
    expect(calls).toEqual([['a', 'b', 'missing']]);
    expect(await batcher.loadMany(['c'])).toEqual(['C']);
    expect(calls).toHaveLength(2);
  });

  test('splits big batches and rejects every waiter of a failed fetch', async () => {
    const sizes: number[] = [];
    const batcher = new KeyBatcher<number>(async (keys) => {
      sizes.push(keys.length);
      if (keys.includes('bad')) throw new Error('db down');
      return keys.map(() => 1);
    }, 2);
    const ok = batcher.loadMany(['a', 'b']);
    const bad = batcher.loadMany(['c', 'bad']);
    await expect(bad).rejects.toThrow('db down');
    await expect(ok).resolves.toEqual([1, 1]);
    expect(sizes).toEqual([2, 2]);
  });
});
