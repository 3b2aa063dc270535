/**
 * The deadline of ingest's accept phase (validate against the ledger, read the status, write the
 * backlog row; not a commit's wait for VALID). A node whose database cannot take the write answers
 * within it, 503 with Retry-After, instead of holding the POST (17 s, then 504, was seen with the
 * node's own server paused; issue 16). Inside it, a write RethinkDB refuses while it elects a new
 * primary is retried (the store's retry, bounded by what is left of the deadline).
 *
 * A write still in flight at the deadline may land later. That is harmless: the backlog row's key
 * is the transaction id (one row whatever happens), and posting the same transaction again
 * writes nothing while it waits (backlog, undecided) and is refused as a duplicate once VALID.
 */
import { DatabaseUnavailableError } from '../store/errors.js';
import { DB_RETRY_AFTER_SEC, unavailabilityOf, type Unavailability } from '../store/availability.js';

/** Default deadline: under a second from the request's arrival, answer included. */
export const DEFAULT_ACCEPT_TIMEOUT_MS = 800;
/** Kept for the answer itself: the write's retries stop this much before the deadline. */
const ANSWER_MARGIN_MS = 50;

export type AcceptPhase = 'reading' | 'writing';

/** One accept's clock and phase (the message says whether anything may have been stored). */
export class AcceptDeadline {
  /** Epoch ms, to compare with the store's record of retried queries. */
  readonly startedAtMs = Date.now();
  private readonly started = performance.now();
  phase: AcceptPhase = 'reading';

  constructor(readonly timeoutMs: number) {}

  elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** What is left for the backlog write's retries. */
  writeBudgetMs(): number {
    return Math.max(0, Math.floor(this.timeoutMs - this.elapsedMs() - ANSWER_MARGIN_MS));
  }
}

/**
 * Settles like `work`, or rejects with `late()` once `timeoutMs` passed. `work` keeps running;
 * its outcome is then ignored (its rejection is handled here: never an unhandled rejection).
 */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const NO_ANSWER: Unavailability = {
  kind: 'no-answer',
  problem: 'no answer from the database (its server paused, overloaded or cut off?)',
};

/** The answer for an accept that ran out of time; `seen`: the store's latest availability problem. */
export function lateAccept(txId: string, d: AcceptDeadline, seen?: Unavailability): DatabaseUnavailableError {
  return unavailable(txId, d, seen ?? NO_ANSWER, undefined);
}

/**
 * An error out of the accept phase as the client should see it: an availability problem becomes
 * DatabaseUnavailableError (503, Retry-After); anything else is returned unchanged.
 */
export function refusedAccept(txId: string, d: AcceptDeadline, e: unknown): unknown {
  if (e instanceof DatabaseUnavailableError) return e;
  const found = unavailabilityOf(e);
  return found === null ? e : unavailable(txId, d, found, e);
}

function unavailable(
  txId: string,
  d: AcceptDeadline,
  found: Unavailability,
  cause: unknown,
): DatabaseUnavailableError {
  const waited = `within ${d.timeoutMs} ms (${found.problem})`;
  const again = `post it again in ${DB_RETRY_AFTER_SEC} s`;
  const message =
    d.phase === 'reading'
      ? `the database could not check transaction ${txId} ${waited}; nothing was stored: ${again}`
      : `the database did not take transaction ${txId} ${waited}; it may still be stored: ${again} ` +
        `(the same transaction is never stored twice) or see GET /api/v1/statuses?transaction_id=${txId}`;
  return new DatabaseUnavailableError(
    message,
    {
      kind: found.kind,
      problem: found.problem,
      retryAfterSec: DB_RETRY_AFTER_SEC,
      txId,
      phase: d.phase,
      timeoutMs: d.timeoutMs,
    },
    cause,
  );
}
