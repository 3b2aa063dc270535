/**
 * A pipeline stage: one reconcile-by-query `tick` at a time, run on start, periodically, when
 * its changefeed reports something, and after a reconnect. The feed is a hint only: losing it
 * costs latency, never data, because the periodic tick reconciles by query.
 */
import { describeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { ChangeFeed } from '../store/ledger-store.js';
import { backoffDelayMs, FEED_REOPEN_BACKOFF } from '../store/retry.js';
import { FailureWindow, type FailureSummary } from './stage-failures.js';

export interface StageControl {
  /** True once stop() was called: take no new work, finish or abandon cleanly. */
  readonly stopping: boolean;
}

export interface StageOptions {
  name: string;
  /** Reconcile period. */
  intervalMs: number;
  /** One round of work; may return "run me again in N ms" (sooner than intervalMs). */
  tick: (control: StageControl) => Promise<number | void>;
  /**
   * Least time between the end of a tick and the start of the next, even when poked: under a
   * burst, feed events would otherwise make the stage re-run its queries back to back (and
   * on reqlite every secondary-index query scans its table).
   */
  minGapMs?: number;
  /** Opens the changefeed whose events trigger a tick. */
  feed?: () => Promise<ChangeFeed<unknown>>;
  log: Logger;
  /** What the stage adds to its health (the block stage: the rows it rejected). */
  report?: () => Pick<StageHealth, 'rejectedRows'>;
}

/** Rows a stage removed because no write could store them (issue 16). */
export interface RejectedRows {
  count: number;
  last: { txId: string; reason: string; atMs: number } | null;
}

export interface StageHealth {
  name: string;
  running: boolean;
  ticks: number;
  lastTickAtMs: number | null;
  lastSuccessAtMs: number | null;
  /** The error of the last tick; null once a tick succeeds (see the failure counts for flapping). */
  lastError: string | null;
  feed: 'none' | 'open' | 'reopening';
  // Optional: filled by Stage; absent in reports of older nodes and in hand-made fixtures.
  consecutiveFailures?: number;
  failuresLastMinute?: number;
  failureRunsLastMinute?: number;
  lastFailure?: FailureSummary['lastFailure'];
  rejectedRows?: RejectedRows;
}

const ERROR_RETRY_MS = 1_000;
/**
 * Reconcile period while a stage's changefeed is not open: the feed is what makes a stage react
 * at once, so without it poll more often (a lost feed is rare and brief: a primary changing, a
 * reconnect) instead of lagging a whole interval behind.
 */
export const FEEDLESS_INTERVAL_MS = 250;

export class Stage implements StageControl {
  private stopRequested = false;
  private poked = false;
  private inGap = false;
  private wake: (() => void) | undefined;
  private loops: Promise<void>[] = [];
  private currentFeed: ChangeFeed<unknown> | undefined;
  private readonly state: StageHealth;
  private readonly failures = new FailureWindow();

  constructor(private readonly o: StageOptions) {
    this.state = {
      name: o.name,
      running: false,
      ticks: 0,
      lastTickAtMs: null,
      lastSuccessAtMs: null,
      lastError: null,
      feed: o.feed ? 'reopening' : 'none',
    };
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  start(): void {
    this.state.running = true;
    this.loops = [this.runTicks()];
    if (this.o.feed) this.loops.push(this.runFeed(this.o.feed));
  }

  /** Ask for a tick soon (coalesced: many pokes cause one more tick, after minGapMs). */
  poke(): void {
    this.poked = true;
    if (!this.inGap) this.wake?.();
  }

  /** Stop taking work, wait for the current tick to finish; idempotent. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wake?.();
    await this.currentFeed?.close();
    await Promise.all(this.loops);
    this.state.running = false;
  }

  health(): StageHealth {
    return { ...this.state, ...this.failures.summary(Date.now()), ...this.o.report?.() };
  }

  private async runTicks(): Promise<void> {
    while (!this.stopRequested) {
      this.poked = false;
      let nextMs =
        this.state.feed === 'reopening'
          ? Math.min(this.o.intervalMs, FEEDLESS_INTERVAL_MS)
          : this.o.intervalMs;
      try {
        const asked = await this.o.tick(this);
        if (typeof asked === 'number') nextMs = Math.min(nextMs, Math.max(0, asked));
        this.state.lastSuccessAtMs = Date.now();
        this.state.lastError = null;
        this.failures.succeed(Date.now());
      } catch (e) {
        this.state.lastError = describeError(e);
        this.failures.fail(Date.now(), this.state.lastError);
        this.o.log.warn('stage_tick_failed', { stage: this.o.name, problem: this.state.lastError });
        nextMs = Math.min(nextMs, ERROR_RETRY_MS);
      }
      this.state.ticks++;
      this.state.lastTickAtMs = Date.now();
      const gapMs = this.o.minGapMs ?? 0;
      if (!this.stopRequested) await this.pause(this.poked ? gapMs : Math.max(gapMs, nextMs));
    }
  }

  /** Sleep `ms`; a poke cuts it short, except during the minimum gap. */
  private async pause(ms: number): Promise<void> {
    const gapMs = Math.min(ms, this.o.minGapMs ?? 0);
    if (gapMs > 0) {
      this.inGap = true;
      await this.sleep(gapMs);
      this.inGap = false;
      if (this.poked || this.stopRequested) return;
    }
    await this.sleep(ms - gapMs);
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** A supervisor, not a bounded retry (so not withRetry/p-retry): re-opens the feed until stopped. */
  private async runFeed(open: () => Promise<ChangeFeed<unknown>>): Promise<void> {
    for (let attempt = 1; !this.stopRequested; attempt++) {
      try {
        this.currentFeed = await open();
        if (this.stopRequested) break;
        this.state.feed = 'open';
        attempt = 0;
        this.poke(); // reconcile whatever happened while the feed was not open
        for await (const _ of this.currentFeed) this.poke();
      } catch (e) {
        if (this.stopRequested) break;
        this.state.feed = 'reopening';
        this.o.log.warn('stage_feed_lost', { stage: this.o.name, problem: describeError(e) });
      }
      if (!this.stopRequested)
        await sleepUnlessStopped(this, backoffDelayMs(FEED_REOPEN_BACKOFF, Math.max(1, attempt)));
    }
    await this.currentFeed?.close();
  }
}

async function sleepUnlessStopped(control: StageControl, ms: number): Promise<void> {
  const stepMs = 100;
  for (let waited = 0; waited < ms && !control.stopping; waited += stepMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(stepMs, ms - waited)));
  }
}
