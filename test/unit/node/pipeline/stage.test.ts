import { FEEDLESS_INTERVAL_MS, Stage } from '../../../../src/node/pipeline/stage.js';
import type { ChangeFeed } from '../../../../src/node/store/ledger-store.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { FeedLostError } from '../../../../src/node/store/errors.js';

/** A hand-written feed: push() delivers an event, fail() loses it. */
function fakeFeed(): ChangeFeed<unknown> & { push(): void; fail(): void } {
  let notify: ((r: IteratorResult<unknown>) => void) | undefined;
  let failWith: ((e: Error) => void) | undefined;
  let closed = false;
  return {
    push: () => notify?.({ value: 1, done: false }),
    fail: () => failWith?.(new FeedLostError('t')),
    close: async () => {
      closed = true;
      notify?.({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]: () => ({
      next: () =>
        closed
          ? Promise.resolve({ value: undefined, done: true })
          : new Promise<IteratorResult<unknown>>((resolve, reject) => {
              notify = resolve;
              failWith = reject;
            }),
    }),
  };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

/** A stage on a 60 s interval whose ticks are counted, with the given feed. */
function countingStage(feed: () => Promise<ChangeFeed<unknown>>): { stage: Stage; ticks: () => number } {
  let ticks = 0;
  const stage = new Stage({
    name: 't',
    intervalMs: 60_000,
    tick: async () => {
      ticks++;
    },
    feed,
    log: silentLogger,
  });
  return { stage, ticks: () => ticks };
}

describe('Stage', () => {
  test('polls every FEEDLESS_INTERVAL_MS while its feed cannot be opened, and at its interval once it is', async () => {
    let feedUp = false;
    const { stage, ticks } = countingStage(async () => {
      if (!feedUp) throw new FeedLostError('t');
      return fakeFeed();
    });
    stage.start();
    // No feed: a whole 60 s interval would pass before the second tick; the feedless poll ticks on.
    await new Promise((r) => setTimeout(r, FEEDLESS_INTERVAL_MS * 3 + 100));
    expect(ticks()).toBeGreaterThanOrEqual(3);
    feedUp = true;
    await until(() => stage.health().feed === 'open');
    await new Promise((r) => setTimeout(r, 50)); // the poke after opening
    const settled = ticks();
    await new Promise((r) => setTimeout(r, FEEDLESS_INTERVAL_MS * 3));
    expect(ticks()).toBe(settled);
    await stage.stop();
  });

  test('ticks at start, on feed events, re-opens a lost feed, and stops cleanly', async () => {
    const feeds: ReturnType<typeof fakeFeed>[] = [];
    const { stage, ticks } = countingStage(async () => {
      const f = fakeFeed();
      feeds.push(f);
      return f;
    });
    stage.start();
    await until(() => ticks() >= 1 && feeds.length === 1);
    const before = ticks();
    feeds[0]!.push();
    await until(() => ticks() > before);
    feeds[0]!.fail();
    await until(() => feeds.length === 2);
    expect(stage.health().feed).toBe('open');
    await stage.stop();
    expect(stage.health().running).toBe(false);
  });

  test('stop() waits for the running tick; a failing tick is reported, not thrown', async () => {
    let release!: () => void;
    let finished = false;
    let calls = 0;
    const stage = new Stage({
      name: 'slow',
      intervalMs: 60_000,
      tick: async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
        await new Promise<void>((r) => (release = r));
        finished = true;
      },
      log: silentLogger,
    });
    stage.start();
    await until(() => stage.health().lastError === 'boom');
    await until(() => calls === 2);
    const stopped = stage.stop();
    release();
    await stopped;
    expect(finished).toBe(true);
  });
});
