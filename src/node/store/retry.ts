/**
 * Back-off and retry decisions (pure), plus retry-with-backoff on p-retry.
 *
 * Why: after a RethinkDB primary dies, the first write fails ("primary replica ... not
 * available") and writes succeed again about 2 s later once a new primary is elected, so
 * every write is retried with back-off for a few seconds before the error reaches the caller.
 */
import pRetry, { AbortError } from 'p-retry';
import { isRethinkDBError, RethinkDBErrorType } from 'rethinkdb-ts';

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Give up once this much time has passed since the first attempt (the last wait is cut short). */
  budgetMs: number;
}

/**
 * Store queries. While a primary is missing, a query fails in a few milliseconds, so retrying
 * every 300 ms at most costs little; waiting up to a second between tries (as before) added up to
 * a second to every stage's recovery once the new primary was there (seen under the partition
 * scenario).
 */
export const WRITE_RETRY: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 300, budgetMs: 8_000 };
/** Probes whose callers poll or cache (readiness, /health facts): fail fast rather than stall. */
export const PROBE_RETRY: BackoffPolicy = { baseDelayMs: 50, maxDelayMs: 200, budgetMs: 500 };
export const RECONNECT_BACKOFF: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 3_000, budgetMs: Infinity };
/**
 * Re-opening a stage's changefeed: cheap, and the stage runs on its slower reconcile tick until
 * the feed is back, so never wait long (a 3 s wait held votes back after a primary changed).
 */
export const FEED_REOPEN_BACKOFF: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 1_000, budgetMs: Infinity };

/**
 * Delay before attempt `attempt` (1 = first retry): exponential, capped, with 0-25 % jitter.
 * For the loops that retry forever until stopped (reconnect, changefeed re-open); `withRetry`
 * leaves the delays to p-retry (same base, cap and doubling; its jitter is 0-100 % below the cap).
 */
export function backoffDelayMs(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (1 + 0.25 * random()));
}

const TRANSIENT_TYPES = new Set<RethinkDBErrorType>([
  RethinkDBErrorType.CONNECTION,
  RethinkDBErrorType.POOL_FAIL,
  RethinkDBErrorType.MASTER_POOL_FAIL,
  RethinkDBErrorType.TIMEOUT,
  RethinkDBErrorType.OP_FAILED,
  RethinkDBErrorType.OP_INDETERMINATE,
]);
const TRANSIENT_TEXT =
  /primary replica|not available|closed connection|connection was closed|ECONNREFUSED|ECONNRESET|EPIPE|timed out/i;

/** The connection is down and being re-established: always worth a retry. */
export class ReconnectingError extends Error {
  constructor(target: string) {
    super(`not connected to ${target} (reconnecting)`);
    this.name = 'ReconnectingError';
  }
}

/** Whether an error from the database is worth retrying (availability, not logic). */
export function isTransientDbError(e: unknown): boolean {
  if (e instanceof ReconnectingError) return true;
  if (isRethinkDBError(e)) return TRANSIENT_TYPES.has(e.type) || TRANSIENT_TEXT.test(e.message);
  // Socket errors from node:net carry a `code` (ECONNREFUSED, ECONNRESET, ...). Checked by shape,
  // not `instanceof Error`: an error made in another realm (node core under jest's VM) is not one.
  if (typeof e !== 'object' || e === null) return false;
  const message = (e as { message?: unknown }).message;
  return (typeof message === 'string' && TRANSIENT_TEXT.test(message)) || 'code' in e;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Carries whatever an attempt threw through p-retry untouched: p-retry turns a thrown value that
 * is not `instanceof Error` (an error from another realm, e.g. node core under jest's VM) into a
 * new TypeError and never retries a TypeError; our classification must see the original.
 */
class AttemptFailure extends Error {
  constructor(readonly original: unknown) {
    super('attempt failed');
  }
}

/** Run `op` until it succeeds, a non-transient error occurs, or the policy's budget is spent. */
export async function withRetry<T>(
  op: () => Promise<T>,
  policy: BackoffPolicy,
  onRetry?: (attempt: number, error: unknown) => void,
): Promise<T> {
  const attempt = async (): Promise<T> => {
    try {
      return await op();
    } catch (e) {
      const failure = new AttemptFailure(e);
      throw isTransientDbError(e) ? failure : new AbortError(failure);
    }
  };
  try {
    return await pRetry(attempt, {
      retries: Infinity,
      maxRetryTime: policy.budgetMs,
      minTimeout: policy.baseDelayMs,
      maxTimeout: policy.maxDelayMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error, attemptNumber }) => {
        onRetry?.(attemptNumber, error instanceof AttemptFailure ? error.original : error);
        return true;
      },
    });
  } catch (e) {
    throw e instanceof AttemptFailure ? e.original : e;
  }
}
