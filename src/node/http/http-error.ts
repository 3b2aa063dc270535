/**
 * Every HTTP error is JSON `{status, message}`. Known error classes map to a status here; any
 * other error is a 500 that the error handler logs with its stack.
 */
import { FedlabError, TimeoutError } from '../../shared/errors.js';
import { DB_RETRY_AFTER_SEC, unavailabilityOf } from '../store/availability.js';
import { DatabaseUnavailableError, EngineLimitationError, StoreUnavailableError } from '../store/errors.js';
import { TransactionInvalidError } from '../core/index.js';
import { CommitTimeoutError, CommitWaitersFullError, NodeStoppedError } from '../pipeline/errors.js';

/** An error the API answers with a given status (404 for a missing id, 400 for a bad query...). */
export class HttpError extends FedlabError {
  readonly status: number;
  constructor(status: number, message: string, details: Record<string, unknown> = {}) {
    super('HTTP_' + String(status), message, { details: { status, ...details } });
    this.status = status;
  }
}

export interface ErrorBody {
  status: number;
  message: string;
}

/** An error answer; `retryAfterSec` becomes a Retry-After header (not part of the body). */
export type ErrorAnswer = ErrorBody & { retryAfterSec?: number };

/** Fastify's own errors (bad JSON, body too large, schema validation) carry a 4xx statusCode. */
function fastifyClientError(e: unknown): ErrorBody | null {
  if (!(e instanceof Error)) return null;
  const status = (e as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  return { status, message: e.message };
}

/** The status and message for a thrown value; null means "unexpected: 500, log it". */
export function errorReply(e: unknown): ErrorAnswer | null {
  if (e instanceof HttpError) return { status: e.status, message: e.message };
  if (e instanceof CommitWaitersFullError)
    return { status: 503, message: e.message, retryAfterSec: e.retryAfterSec };
  if (e instanceof TransactionInvalidError) {
    return { status: 400, message: `Invalid transaction (${e.code}): ${e.message}` };
  }
  if (e instanceof DatabaseUnavailableError)
    return { status: 503, message: e.message, retryAfterSec: e.retryAfterSec };
  if (e instanceof StoreUnavailableError)
    return { status: 503, message: e.message, retryAfterSec: DB_RETRY_AFTER_SEC };
  if (e instanceof EngineLimitationError) return { status: 501, message: e.message };
  if (e instanceof TimeoutError || e instanceof CommitTimeoutError)
    return { status: 504, message: e.message };
  if (e instanceof NodeStoppedError) return { status: 503, message: e.message };
  return fastifyClientError(e) ?? databaseOutage(e);
}

/**
 * A query (a read, mostly) that failed because the database cannot serve it now, after the
 * store's own retries: no primary while RethinkDB elects one, no connection. An outage is an
 * answer (503, Retry-After), not an internal error (issue 16: these were 500s).
 */
function databaseOutage(e: unknown): ErrorAnswer | null {
  const found = unavailabilityOf(e);
  if (found === null) return null;
  return {
    status: 503,
    message: `the database cannot answer now (${found.problem}); retry in ${DB_RETRY_AFTER_SEC} s`,
    retryAfterSec: DB_RETRY_AFTER_SEC,
  };
}
