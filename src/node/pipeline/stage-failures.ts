/**
 * A stage's recent failures (pure; the caller passes the clock): how many ticks failed in a row,
 * how many failed in the last minute and in how many separate runs. A stage that fails every
 * other tick has no error after each success, but many runs of failures: /health can tell it
 * from a healthy stage and from one outage that is over.
 */
export const FAILURE_WINDOW_MS = 60_000;

export interface FailureSummary {
  /** Ticks failed since the last success (0 when the last tick succeeded). */
  consecutiveFailures: number;
  /** Failed ticks in the last minute. */
  failuresLastMinute: number;
  /** Runs of failed ticks (each ended by a success, or still going) begun in the last minute. */
  failureRunsLastMinute: number;
  /** The last failure, kept after later successes. */
  lastFailure: { atMs: number; problem: string } | null;
}

export class FailureWindow {
  private consecutive = 0;
  private failures: number[] = [];
  private runStarts: number[] = [];
  private last: { atMs: number; problem: string } | null = null;

  fail(nowMs: number, problem: string): void {
    if (this.consecutive === 0) this.runStarts.push(nowMs);
    this.consecutive++;
    this.failures.push(nowMs);
    this.last = { atMs: nowMs, problem };
    this.prune(nowMs);
  }

  succeed(nowMs: number): void {
    this.consecutive = 0;
    this.prune(nowMs);
  }

  summary(nowMs: number): FailureSummary {
    this.prune(nowMs);
    return {
      consecutiveFailures: this.consecutive,
      failuresLastMinute: this.failures.length,
      failureRunsLastMinute: this.runStarts.length,
      lastFailure: this.last,
    };
  }

  private prune(nowMs: number): void {
    const since = nowMs - FAILURE_WINDOW_MS;
    if (this.failures[0] !== undefined && this.failures[0] <= since)
      this.failures = this.failures.filter((t) => t > since);
    if (this.runStarts[0] !== undefined && this.runStarts[0] <= since)
      this.runStarts = this.runStarts.filter((t) => t > since);
  }
}
