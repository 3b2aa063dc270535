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

describe('KeyBatcher caching', () => {
  test('reads again in a later turn (rows change: nothing is cached past its batch)', async () => {
    let version = 0;
    const batcher = new KeyBatcher<number>(async (keys) => keys.map(() => version));
    expect(await batcher.load('a')).toBe(0);
    version = 1;
    expect(await batcher.load('a')).toBe(1);
  });

  test('a load made while a batch is in flight starts a new batch', async () => {
    const calls: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new KeyBatcher<string>(async (keys) => {
      calls.push(keys);
      await gate;
      return keys;
    });
    const first = batcher.load('a');
    await new Promise((resolve) => setImmediate(resolve));
    const second = batcher.load('a');
    release();
    expect(await Promise.all([first, second])).toEqual(['a', 'a']);
    expect(calls).toEqual([['a'], ['a']]);
  });
});

describe('KeyBatcher and keys that cannot be primary keys', () => {
  test('a garbage key (from a malformed document) fails alone, never the other keys of its batch', async () => {
    const calls: unknown[][] = [];
    // As the database does: one key that cannot be a primary key fails the whole query.
    const batcher = new KeyBatcher<string>(async (keys) => {
      calls.push(keys);
      if (keys.some((k) => typeof k !== 'string' || k.length > 127)) throw new Error('bad primary key');
      return keys.map((k) => k.toUpperCase());
    });
    const garbage = [null, 1, undefined, 'x'.repeat(200), { id: 'a' }] as unknown as string[];
    const results = await Promise.allSettled([batcher.load('a'), ...garbage.map((k) => batcher.load(k))]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'A' });
    for (const r of results.slice(1)) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_DATA' });
    }
    expect(calls).toEqual([['a']]);
  });

  // Found by the fuzz suite: RethinkDB refuses a NUL in a key ("contains NULL byte ... in index
  // key") and fails the whole batched query, so one such read failed every read of its turn.
  test('a key holding NUL fails alone too', async () => {
    const calls: string[][] = [];
    const batcher = new KeyBatcher<string>(async (keys) => {
      calls.push(keys);
      if (keys.some((k) => k.includes('\u0000'))) throw new Error('contains NULL byte');
      return keys.map((k) => k.toUpperCase());
    });
    const [ok, bad] = await Promise.allSettled([batcher.load('a'), batcher.load('b\u0000c')]);
    expect(ok).toEqual({ status: 'fulfilled', value: 'A' });
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_DATA' });
    expect(calls).toEqual([['a']]);
  });
});
