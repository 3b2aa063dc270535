import { FedlabError } from '../../shared/errors.js';
import type { StoreEngine } from './ledger-store.js';

/** The database cannot be reached (after retries with back-off). */
export class StoreUnavailableError extends FedlabError {
  constructor(target: string, what: string, cause?: unknown) {
    super(
      'STORE_UNAVAILABLE',
      `database ${target} is unavailable (${what}); check that the server runs and is reachable`,
      { details: { target, what }, cause },
    );
  }
}

/**
 * The database could not serve a request in time or right now (no primary while RethinkDB elects
 * one, no connection, no answer): an answer, not a bug. The API turns it into 503 with
 * Retry-After; `retryAfterSec` is that header.
 */
export class DatabaseUnavailableError extends FedlabError {
  readonly retryAfterSec: number;
  constructor(
    message: string,
    details: { kind: string; problem: string; retryAfterSec: number } & Record<string, unknown>,
    cause?: unknown,
  ) {
    super('DB_UNAVAILABLE', message, { details, cause });
    this.retryAfterSec = details.retryAfterSec;
  }
}

/** The engine (reqlite) cannot do what was asked; never silently ignored. */
export class EngineLimitationError extends FedlabError {
  constructor(engine: StoreEngine, feature: string, hint: string) {
    super('ENGINE_LIMITATION', `${engine} cannot ${feature}: ${hint}`, { details: { engine, feature } });
  }
}

/** `init` on a database that already exists. */
export class DatabaseExistsError extends FedlabError {
  constructor(db: string) {
    super('DB_EXISTS', `database "${db}" already exists; run \`bigchaindb drop\` first to start over`, {
      details: { db },
    });
  }
}

/** An operation that needs the database before `init`. */
export class DatabaseMissingError extends FedlabError {
  constructor(db: string) {
    super('DB_MISSING', `database "${db}" does not exist; run \`bigchaindb init\` first`, {
      details: { db },
    });
  }
}

/** A changefeed was lost (connection dropped or server closed it); re-open and reconcile. */
export class FeedLostError extends FedlabError {
  constructor(table: string, cause?: unknown) {
    super('FEED_LOST', `changefeed on table "${table}" was lost; it will be re-opened`, {
      details: { table },
      cause,
    });
  }
}

/** The database answered with something the store does not understand. */
export class StoreDataError extends FedlabError {
  constructor(what: string, details: Record<string, unknown> = {}) {
    super('STORE_DATA', `unexpected data in the database: ${what}`, { details });
  }
}
