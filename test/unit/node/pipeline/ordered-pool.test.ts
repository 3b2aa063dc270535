import { orderedPool, type Judged, type Outcome } from '../../../../src/node/pipeline/ordered-pool.js';

/** A promise with its resolve and reject, to finish items in any order a test picks. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('orderedPool', () => {
  test('outcomes come in item order although items finish in another, at most `limit` running', async () => {
    const gates = [0, 1, 2, 3, 4].map(() => deferred<string>());
    let running = 0;
    let most = 0;
    const startedItems: number[] = [];
    const pool = orderedPool([0, 1, 2, 3, 4], 2, async (i) => {
      startedItems.push(i);
      running++;
      most = Math.max(most, running);
      try {
        return await gates[i]!.promise;
      } finally {
        running--;
      }
    });
    const seen: Judged<number, string>[] = [];
    const consumed = (async () => {
      for await (const o of pool) seen.push(o);
    })();
    await turn();
    expect(startedItems).toEqual([0, 1]);
    gates[1]!.resolve('one'); // finishes first: item 2 starts, but nothing is handed out yet
    await turn();
    expect(startedItems).toEqual([0, 1, 2]);
    expect(seen).toEqual([]);
    gates[0]!.resolve('zero');
    gates[3]!.reject(new Error('three failed'));
    gates[2]!.resolve('two');
    gates[4]!.resolve('four');
    await consumed;
    expect(seen.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual([
      'zero',
      'one',
      'two',
      'three failed',
      'four',
    ]);
    expect(seen.map((o) => [o.item, o.index])).toEqual([0, 1, 2, 3, 4].map((i) => [i, i]));
    expect(most).toBe(2);
  });

  test('a consumer that leaves early starts nothing more, and a failure left behind is not unhandled', async () => {
    const started: number[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pool = orderedPool([0, 1, 2, 3, 4, 5], 3, async (i) => {
        started.push(i);
        await turn();
        if (i === 1) throw new Error('left behind');
        return i;
      });
      for await (const o of pool) {
        expect(o).toEqual({ ok: true, value: 0, item: 0, index: 0 });
        break; // as the vote stage does on a facts failure
      }
      for (let i = 0; i < 5; i++) await turn();
      // 3 took the slot item 0 freed before the consumer saw 0; nothing started after it left.
      expect(started).toEqual([0, 1, 2, 3]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('shouldStop is read before each item starts', async () => {
    let stop = false;
    const started: number[] = [];
    const pool = orderedPool(
      [0, 1, 2, 3],
      1,
      async (i) => {
        started.push(i);
        if (i === 1) stop = true;
        return i;
      },
      () => stop,
    );
    const values: number[] = [];
    for await (const o of pool) if (o.ok) values.push(o.value);
    expect(started).toEqual([0, 1]);
    expect(values).toEqual([0, 1]);
  });

  test('an empty list yields nothing; a limit below 1 is refused', async () => {
    const none: Outcome<number>[] = [];
    for await (const o of orderedPool([], 4, async () => 1)) none.push(o);
    expect(none).toEqual([]);
    expect(() => orderedPool([1], 0, async () => 1)).toThrow(/positive integer/);
  });
});
