import { setTimeout as delay } from 'node:timers/promises';
import { FedlabError, TimeoutError, describeError } from './errors.js';

/** What one readiness check saw: done with a value, or not yet, with the reason to report. */
export type PollOutcome<T> = { done: true; value: T } | { done: false; problem: string };

export const ready = <T>(value: T): PollOutcome<T> => ({ done: true, value });
export const notYet = (problem: string): PollOutcome<never> => ({ done: false, problem });

export interface PollOptions {
  /** Named in the timeout error: "timed out after N ms waiting for <what>". */
  what: string;
  timeoutMs: number;
  /** Pause between two checks (a poll interval, not a wait for readiness). */
  intervalMs?: number;
  signal?: AbortSignal;
  /**
   * A thrown error counts as "not yet" (its message becomes the last problem) unless this says it
   * is fatal. By default a FedlabError is fatal only when `isFatal` says so; other errors retry.
   */
  isFatal?: (error: unknown) => boolean;
}

/** The error a poll throws when its signal is aborted (Ctrl-C, a failed sibling step). */
export class AbortedError extends FedlabError {
  constructor(what: string) {
    super('ABORTED', `stopped waiting for ${what}: aborted`, { details: { what } });
  }
}

/**
 * Repeats `check` until it reports done, the timeout passes (TimeoutError naming the last
 * problem) or the signal aborts. Each check runs to completion; the deadline is checked between.
 */
export async function pollUntil<T>(check: () => Promise<PollOutcome<T>>, options: PollOptions): Promise<T> {
  const intervalMs = options.intervalMs ?? 250;
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem: string | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new AbortedError(options.what);
    try {
      const outcome = await check();
      if (outcome.done) return outcome.value;
      lastProblem = outcome.problem;
    } catch (error) {
      if (options.isFatal?.(error)) throw error;
      lastProblem = describeError(error);
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new TimeoutError(options.what, options.timeoutMs, lastProblem);
    try {
      await delay(Math.min(intervalMs, left), undefined, { signal: options.signal });
    } catch {
      throw new AbortedError(options.what);
    }
  }
}
