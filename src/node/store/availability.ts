/**
 * Pure: whether a failed query means "the database cannot serve this now" (an answer: 503 with
 * Retry-After, the client posts again) rather than a bug or a refusal (500, 4xx), and which kind.
 *
 * RethinkDB 2.4.4 texts (src/clustering/query_routing/table_query_client.cc and the primary's
 * write path; the server prefixes them with "Cannot perform read: " / "Cannot perform write: "):
 *   "primary replica for shard ["", +inf) not available"   FAILED: nothing done (no primary now)
 *   "too many primary replicas available"                  FAILED: two primaries while one moves
 *   "The primary replica isn't connected to a quorum of replicas. The write was not performed."
 *   "The primary replica is currently changing from one replica to another. The write was not
 *    performed. This error should go away in a couple of seconds."  (a hand-over; seen as 500s
 *    on the healed node of the partition scenario before this file existed)
 *   "no replica is available"                              FAILED (outdated reads)
 *   "lost contact with primary replica"                    INDETERMINATE: the write may have happened
 *   "The primary replica lost contact with the secondary replicas."  INDETERMINATE
 * Seen on the real cluster while RethinkDB moved primaries after a server was paused or killed
 * (issue 16): every such error passes once the new primaries are elected (about 2 s after a kill,
 * longer after a silent loss, RethinkDB's heartbeat timeout).
 *
 * Narrower than retry.ts's isTransientDbError on purpose: that one retries every ReqlOpFailedError
 * (it also covers "Table does not exist" while a schema is being created); an answer must not call
 * a missing table an outage.
 */
import { isRethinkDBError, RethinkDBErrorType } from 'rethinkdb-ts';
import { dbErrorText } from './ddl-classify.js';
import { ReconnectingError } from './retry.js';

export type UnavailableKind =
  /** No primary, or two, for a shard: RethinkDB is electing one; nothing was done. */
  | 'primary-changing'
  /** Contact lost mid-write: it may or may not have happened (posting again is safe). */
  | 'write-indeterminate'
  /** No connection to the server (reconnecting, refused, reset). */
  | 'disconnected'
  /** The server did not answer in time (paused, overloaded, cut off). */
  | 'no-answer';

export interface Unavailability {
  kind: UnavailableKind;
  /** The server's (or the socket's) own words, one line. */
  problem: string;
}

/**
 * Seconds a client should wait before posting again (HTTP Retry-After): a new primary is elected
 * about 2 s after the old one is known to be gone.
 */
export const DB_RETRY_AFTER_SEC = 2;

const INDETERMINATE_TEXT = /lost contact with (the )?(primary|secondary) replica/i;
const PRIMARY_TEXT =
  /primary replica for shard .* not available|too many primary replicas available|isn't connected to a quorum of replicas|primary replica is currently changing|no replica is available/i;
const DISCONNECTED_TYPES = new Set<RethinkDBErrorType>([
  RethinkDBErrorType.CONNECTION,
  RethinkDBErrorType.POOL_FAIL,
  RethinkDBErrorType.MASTER_POOL_FAIL,
]);
const SOCKET_CODES =
  /^(ECONNRESET|EPIPE|ECONNREFUSED|ETIMEDOUT|ECONNABORTED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;

/** By shape, not `instanceof Error`: node core errors may come from another realm (jest's VM). */
function socketCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

const firstLine = (text: string): string => text.split('\n')[0] ?? text;

/** The availability problem an error stands for, or null when it is not one. */
export function unavailabilityOf(e: unknown): Unavailability | null {
  if (e instanceof ReconnectingError) return { kind: 'disconnected', problem: e.message };
  if (isRethinkDBError(e)) {
    const problem = firstLine(dbErrorText(e));
    if (e.type === RethinkDBErrorType.OP_INDETERMINATE || INDETERMINATE_TEXT.test(problem))
      return { kind: 'write-indeterminate', problem };
    if (PRIMARY_TEXT.test(problem)) return { kind: 'primary-changing', problem };
    if (DISCONNECTED_TYPES.has(e.type)) return { kind: 'disconnected', problem };
    if (e.type === RethinkDBErrorType.TIMEOUT) return { kind: 'no-answer', problem };
    return null;
  }
  const raw = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  const message = typeof raw === 'string' ? firstLine(raw) : undefined;
  const code = socketCode(e);
  if (code !== undefined && SOCKET_CODES.test(code))
    return { kind: 'disconnected', problem: message ?? code };
  // The server's words wrapped by someone else (a driver version, a test double): same meaning.
  if (message !== undefined && INDETERMINATE_TEXT.test(message))
    return { kind: 'write-indeterminate', problem: message };
  if (message !== undefined && PRIMARY_TEXT.test(message))
    return { kind: 'primary-changing', problem: message };
  return null;
}

/** Where an answer finds the database's latest availability problem (the real store's connection). */
export interface AvailabilitySource {
  /** The availability problem of the latest query retried at or after `sinceMs` (epoch ms), if any. */
  recentUnavailability(sinceMs: number): Unavailability | undefined;
}
