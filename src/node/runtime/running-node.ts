/** The started node, as the CLI (`start`), the HTTP API and tests see it. */
import type { LivenessReport } from '../pipeline/liveness-view.js';
import type { MembershipReport } from '../pipeline/membership-view.js';
import type { StageHealth } from '../pipeline/stage.js';
import type { SubmitMode, SubmitResult } from '../pipeline/ingest.js';
import type { LedgerStore, StoreCounts, StoreEngine, StoreHealth } from '../store/ledger-store.js';

export interface NodeHealth {
  publicKey: string;
  /** ok: database connected, schema not known unready, and every stage ran recently without error. */
  ok: boolean;
  stopping: boolean;
  database: StoreHealth & {
    limitations: readonly string[];
    /** rethinkdb.server_status names (["reqlite"] on reqlite); absent when not readable. Cached <= 5 s. */
    servers?: string[];
    /** Every table and index exists and is ready; absent when unknown. Cached <= 5 s. */
    schemaReady?: boolean;
    /** What is missing or not ready, when schemaReady is false. */
    schemaProblem?: string;
  };
  /** Blocks this node created, votes it cast, backlog rows assigned to it. Cached <= 5 s. */
  counts?: StoreCounts;
  /** Pipeline liveness: last tick per stage. */
  stages: StageHealth[];
  /** Federation members alive / dead as this node sees them (heartbeats); not part of `ok`. */
  liveness: LivenessReport;
  /** The membership epoch this node follows, its members, and table rows it ignores (with why). */
  membership: MembershipReport;
}

export interface RunningNode {
  readonly publicKey: string;
  /** The federation right now: keyring plus self. */
  readonly members: readonly string[];
  readonly engine: StoreEngine;
  /** The store, for the HTTP API's read queries. */
  readonly store: LedgerStore;
  /**
   * Ingest a transaction (what POST /api/v1/transactions calls). Throws the core's
   * TransactionInvalidError when invalid (nothing written); `commit` resolves once the
   * transaction is in a VALID block or rejects with CommitTimeoutError (COMMIT_TIMEOUT).
   * After stop(): NodeStoppedError (NODE_STOPPED).
   */
  submit(tx: unknown, mode: SubmitMode): Promise<SubmitResult>;
  health(): Promise<NodeHealth>;
  /**
   * Clean shutdown, idempotent: stop taking work, let a block being written finish (rows of a
   * block not yet started stay in the backlog), close feeds and (if the node opened it) the store.
   */
  stop(): Promise<void>;
}
