/**
 * What the HTTP API needs from the rest of the node, as narrow interfaces: the read queries of
 * the ledger store, the ingest entry point of the runtime, and a health probe. Tests pass small
 * hand-written fakes; `start` passes the real store and runtime (see ./runtime-backend.ts).
 */
import type { LedgerQueries } from '../store/ledger-store.js';
import type { Logger } from '../../shared/log.js';
import type { HealthAnswer, SubmitMode } from '../../protocol/index.js';
import type { ReadAccess } from './read-access.js';

export type { SubmitMode } from '../../protocol/index.js';

/** The store queries the API answers from (the store's read-only query role). */
export type ApiLedger = LedgerQueries;

/** The ingest stage (validate, then write to the backlog). */
export interface ApiIngest {
  /**
   * Validate `tx` and write it to the backlog; with `commit`, resolve only once it is in a
   * VALID block. Rejects with core's TransactionInvalidError for an invalid transaction (and
   * then writes nothing). `signal` aborts a commit wait (the API's timeout or shutdown).
   */
  submit(tx: unknown, mode: SubmitMode, signal: AbortSignal): Promise<void>;
}

/** What GET /health reports (the protocol's shape); 200 when `healthy`, 503 otherwise. */
export type ApiHealthReport = HealthAnswer;

export interface ApiIdentity {
  publicKey: string;
  keyring: readonly string[];
}

export interface ApiOptions {
  ledger: ApiLedger;
  ingest: ApiIngest;
  health: () => Promise<ApiHealthReport>;
  identity: ApiIdentity;
  logger: Logger;
  /** Largest request body; 413 beyond. Default 64 KiB (see config server.body_limit_bytes). */
  bodyLimitBytes?: number;
  /** How long `mode=commit` waits before 504. Default 15 000. */
  commitTimeoutMs?: number;
  /** policy.read and the operator's issued keys; default: anyone may read. */
  readAccess?: ReadAccess;
  /** Reported by GET /; default: the version in package.json. */
  version?: string;
}
