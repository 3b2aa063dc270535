/**
 * Pure: what a failed DDL step (dbCreate, tableCreate, indexCreate, reconfigure, grant, a write to
 * a system table) means, from the error rethinkdb-ts threw. DDL is never retried blindly, so the
 * answer decides between failing at once, skipping, and re-reading after reconnecting.
 *
 * Seen on RethinkDB 2.4.4 (ReqlOpFailedError) and reqlite 2.3 (ReqlUnknownError):
 *   "Database `x` already exists." / "Table `x.t` already exists." / "Index `i` already exists on table `x.t`."
 *   "Can't put 3 replicas on servers with the tag `default` because there are only 1 servers with the tag `default`. ..."
 */
import { isRethinkDBError, RethinkDBErrorType } from 'rethinkdb-ts';
import { describeError } from '../../shared/errors.js';
import { ReconnectingError } from './retry.js';

export type DdlFailure =
  | { kind: 'exists' }
  | { kind: 'not-enough-servers'; replicas?: number; servers?: number }
  /** Connection lost or the server could not say: the step may or may not have happened. */
  | { kind: 'indeterminate' }
  | { kind: 'permission' }
  | { kind: 'auth' }
  | { kind: 'other' };

const CONNECTION_TYPES = new Set<RethinkDBErrorType>([
  RethinkDBErrorType.CONNECTION,
  RethinkDBErrorType.POOL_FAIL,
  RethinkDBErrorType.MASTER_POOL_FAIL,
  RethinkDBErrorType.TIMEOUT,
  RethinkDBErrorType.OP_INDETERMINATE,
]);
const CANT_PUT = /Can't put (\d+) replicas? .*there (?:are|is) only (\d+) servers?/i;
const TOO_FEW = /not enough servers|cannot put more than|impossible to have more replicas/i;
const SOCKET_CODES =
  /^(ECONNRESET|EPIPE|ECONNREFUSED|ETIMEDOUT|ECONNABORTED|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/;

/**
 * The server's own message, without the query backtrace rethinkdb-ts appends to `message`
 * (the backtrace quotes the query's arguments, e.g. a password in a users write).
 */
export function dbErrorText(e: unknown): string {
  if (isRethinkDBError(e)) {
    const raw = (e as { msg?: unknown }).msg;
    if (typeof raw === 'string' && raw !== '') return raw.replace(/\.$/, '');
    return e.message.split('\n')[0] ?? e.name;
  }
  return describeError(e);
}

/** By shape, not `instanceof Error`: node core errors may come from another realm (jest's VM). */
function socketCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function classifyDdlError(e: unknown): DdlFailure {
  if (e instanceof ReconnectingError) return { kind: 'indeterminate' };
  if (isRethinkDBError(e)) {
    if (e.type === RethinkDBErrorType.AUTH) return { kind: 'auth' };
    if (e.type === RethinkDBErrorType.PERMISSION_ERROR) return { kind: 'permission' };
    if (CONNECTION_TYPES.has(e.type)) return { kind: 'indeterminate' };
    const text = dbErrorText(e);
    if (/already exists/i.test(text)) return { kind: 'exists' };
    const counts = CANT_PUT.exec(text);
    if (counts)
      return { kind: 'not-enough-servers', replicas: Number(counts[1]), servers: Number(counts[2]) };
    if (TOO_FEW.test(text)) return { kind: 'not-enough-servers' };
    return { kind: 'other' };
  }
  const code = socketCode(e);
  if (code !== undefined && SOCKET_CODES.test(code)) return { kind: 'indeterminate' };
  return { kind: 'other' };
}

/** Whether an error (or one of its causes) is the server refusing the credentials. */
export function isAuthError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur !== undefined && depth < 5; depth++) {
    if (isRethinkDBError(cur) && cur.type === RethinkDBErrorType.AUTH) return true;
    cur = typeof cur === 'object' && cur !== null ? (cur as { cause?: unknown }).cause : undefined;
  }
  return false;
}
