// Issue 16: a stage that fails every other tick clears lastError on each success; its failure
// counts show it, and /health calls it unhealthy (stage-verdict.ts), while one outage that is
// over does not keep a stage unhealthy.
import { Stage } from '../../../../src/node/pipeline/stage.js';
import { FAILURE_WINDOW_MS, FailureWindow } from '../../../../src/node/pipeline/stage-failures.js';
import { stageProblem } from '../../../../src/node/runtime/stage-verdict.js';
import { silentLogger } from '../../../../src/shared/log.js';

describe('FailureWindow', () => {
  it('counts consecutive failures, failures and runs of failures in the last minute', () => {
    const w = new FailureWindow();
    w.fail(1_000, 'a');
    w.fail(2_000, 'b');
    expect(w.summary(2_000)).toEqual({
      consecutiveFailures: 2,
      failuresLastMinute: 2,
      failureRunsLastMinute: 1,
      lastFailure: { atMs: 2_000, problem: 'b' },
    });
    w.succeed(3_000);
    w.fail(4_000, 'c');
    w.succeed(5_000);
    expect(w.summary(5_000)).toMatchObject({
      consecutiveFailures: 0,
      failuresLastMinute: 3,
      failureRunsLastMinute: 2,
    });
    expect(w.summary(4_000 + FAILURE_WINDOW_MS)).toMatchObject({
      failuresLastMinute: 0,
      failureRunsLastMinute: 0,
      lastFailure: { problem: 'c' },
    });
  });
});

describe('stageProblem', () => {
  const now = 100_000;
  const base = {
    name: 'block',
    running: true,
    ticks: 9,
    lastTickAtMs: now,
    lastSuccessAtMs: now,
    lastError: null,
    feed: 'open' as const,
  };

  it('a stage failing every other tick is unhealthy, although its last tick succeeded', () => {
    expect(
      stageProblem(
        {
          ...base,
          failuresLastMinute: 30,
          failureRunsLastMinute: 30,
          lastFailure: { atMs: now, problem: 'boom' },
        },
        now,
      ),
    ).toBe(
      'pipeline stage block fails repeatedly: 30 failed ticks in 30 runs in the last minute (last: boom)',
    );
  });

  it('one outage that is over, and an older node without the counts, are healthy', () => {
    expect(stageProblem({ ...base, failuresLastMinute: 12, failureRunsLastMinute: 1 }, now)).toBeNull();
    expect(stageProblem(base, now)).toBeNull();
  });

  it('keeps the old sentences for a stage failing now, stopped, or stuck', () => {
    expect(stageProblem({ ...base, lastError: 'x' }, now)).toBe('pipeline stage block failed: x');
    expect(stageProblem({ ...base, running: false }, now)).toBe('pipeline stage block is not running');
    expect(stageProblem({ ...base, lastTickAtMs: now - 31_000 }, now)).toMatch(/has not run/);
  });
});

describe('Stage health', () => {
  it('a real stage failing every other tick reports runs of failures and is called unhealthy', async () => {
    let n = 0;
    const stage = new Stage({
      name: 'flaky',
      intervalMs: 60_000,
      tick: async () => {
        n++;
        if (n <= 6 && n % 2 === 1) throw new Error(`tick ${n} failed`);
        return n < 6 ? 0 : undefined; // six ticks back to back (fail, ok, ...), then rest
      },
      log: silentLogger,
    });
    stage.start();
    try {
      for (let i = 0; i < 300 && stage.health().ticks < 6; i++) await new Promise((r) => setTimeout(r, 10));
      const h = stage.health();
      expect(h).toMatchObject({ ticks: 6, lastError: null, consecutiveFailures: 0, failuresLastMinute: 3 });
      expect(h.failureRunsLastMinute).toBe(3);
      expect(h.lastFailure?.problem).toBe('tick 5 failed');
      expect(stageProblem(h, Date.now())).toMatch(/^pipeline stage flaky fails repeatedly: 3 failed ticks/);
    } finally {
      await stage.stop();
    }
  });
});
