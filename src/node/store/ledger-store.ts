/**
 * The ledger store: the ONE narrow interface between the node and its database (RethinkDB 2.4,
 * or reqlite where no RethinkDB image exists). The pipelines, the HTTP API and the CLI code
 * against this interface only; `RethinkLedgerStore` (rethink-ledger-store.ts) is the real
 * implementation, opened with `connectLedgerStore()`. Callers see it through role interfaces
 * (see `LedgerStore` below).
 *
 * Tables (spec "Tables"): `backlog`, `bigchain` (blocks), `votes`, plus `assets` and `metadata`
 * (one row per transaction, written before its block, so that text search with `match` works
 * without scanning blocks) and the derived lookups `tx_blocks` and `spent_by` (see lookups.ts).
 *
 * Statuses are computed by election (core's `electBlock`) over the votes in the store; decided
 * results (valid/invalid) are final and may be cached by the implementation.
 *
 * Errors: every method rejects with a FedlabError subclass from ./errors.js
 * (`StoreUnavailableError` when the database cannot be reached after retries,
 * `EngineLimitationError`, `DatabaseExistsError`, `DatabaseMissingError`, `FeedLostError`).
 */
import type { Block, BlockStatus, Transaction, TxStatus } from '../core/index.js';
import type { MembershipRecord } from '../../protocol/membership/index.js';
import type { LedgerFeeds, PipelineStore } from './pipeline-store.js';
import type { LedgerQueries, PendingBlocksQuery, StoreHealthProbe } from './query-store.js';
import type { SchemaAdminStore } from './schema-admin-store.js';
import type { AvailabilitySource } from './availability.js';

export type { SchemaReadiness } from './schema-readiness.js';
export type {
  BacklogStore,
  BlockLookup,
  BlockStore,
  FactsSource,
  HeartbeatStore,
  LedgerFeeds,
  MembershipStore,
  PipelineStore,
  RequeueStore,
  VoteStore,
} from './pipeline-store.js';
export type { LedgerQueries, PendingBlocksQuery, StoreHealthProbe } from './query-store.js';
export type { SchemaAdminStore } from './schema-admin-store.js';

/** Which server answers: detected once at connect. */
export type StoreEngine = 'rethinkdb' | 'reqlite';

/** Status of a transaction (HTTP `/statuses`) or of a block. */
/** The protocol's statuses (src/protocol/status.ts), re-exported for the store's callers. */
export type { BlockStatus, TxStatus };

/** A row of the `backlog` table: one transaction waiting for a block. */
export interface BacklogRow {
  /** The transaction (its id is the row's primary key). */
  tx: Transaction;
  /** Public key of the member who must put it in a block. */
  assignee: string;
  /** When it was (re)assigned, ms since the epoch. */
  assignmentTimestampMs: number;
}

export interface BacklogWriteOptions {
  /**
   * What to do when a row with the same transaction id is already in the backlog:
   * `replace` (ingest: the latest assignment wins) or `skip` (election re-queue: the first
   * writer wins, so two nodes re-queuing the same invalid block do not duplicate it).
   * Default `replace`.
   */
  onConflict?: 'replace' | 'skip';
  /** Assignment time, ms since the epoch; default now. */
  assignmentTimestampMs?: number;
  /** `soft`: acknowledged once in memory (POST mode=async); default `hard`. */
  durability?: 'hard' | 'soft';
  /**
   * Retry a write the database cannot take now (no primary, reconnecting) for at most this long;
   * default the store's WRITE_RETRY budget (8 s). Ingest passes what is left of its deadline.
   */
  retryBudgetMs?: number;
}

/** A transaction with its status, as `GET /api/v1/transactions/{id}` needs it. */
export interface TxWithStatus {
  tx: Transaction;
  status: TxStatus;
}

/** One output owned by a public key (`GET /api/v1/outputs`). */
export interface OutputRef {
  transaction_id: string;
  output_index: number;
}

/** A text search hit (`GET /api/v1/assets` returns `{id, data}`, `/metadata` `{id, metadata}`). */
export interface AssetHit {
  /** Id of the CREATE transaction (= the asset id). */
  id: string;
  data: unknown;
}
export interface MetadataHit {
  /** Id of the transaction carrying the metadata. */
  id: string;
  metadata: unknown;
}

/** A block with the outcome of its election. */
export interface BlockWithStatus {
  block: Block;
  status: BlockStatus;
}

/** Counts for the lab's `status` and for health reports. */
export interface StoreCounts {
  blocks: number;
  votes: number;
  backlog: number;
}

/** Result of a cheap round trip to the database. */
export interface StoreHealth {
  connected: boolean;
  engine: StoreEngine;
  /** Round-trip time of the probe, when connected. */
  latencyMs?: number;
  /** Why it is not connected (last error), when not. */
  problem?: string;
}

/**
 * A changefeed: an async iterable of new documents. It is a HINT, not the source of truth:
 * consumers must reconcile by query when it is opened, after it fails and periodically.
 * Iteration ends after `close()`; it throws `FeedLostError` when the connection or the
 * server's feed is lost (the caller re-opens it and reconciles the gap by query).
 */
export interface ChangeFeed<T> extends AsyncIterable<T> {
  /** Stop the feed; idempotent. Pending iteration ends (does not throw). */
  close(): Promise<void>;
}

/**
 * The `heartbeats` table as read in one query: every node's last heartbeat and the database
 * server's now, both on the server's clock (liveness never compares with a node's own clock).
 */
export interface HeartbeatSnapshot {
  serverNowMs: number;
  /** One per node that ever beat (members or not): its public key and last beat, epoch ms. */
  beats: { key: string; atMs: number }[];
}

/** Options of `init`. */
export interface InitOptions {
  /** The genesis block to write (made by the caller with core's `makeGenesisBlock`). */
  genesis: Block;
  /** Epoch 0 of the membership table (who the federation starts with); written once, with the genesis block. */
  membership?: MembershipRecord;
  /**
   * Shards / replicas: after creating, reconfigure as `setShards`/`setReplicas` do (RethinkDB
   * only; reqlite: `EngineLimitationError` before anything is created).
   */
  shards?: number;
  replicas?: number;
  /**
   * Only create when the database does not exist at all; an existing one is `DatabaseExistsError`
   * (`start`'s init-if-needed: another node won the race). Default false: complete a partial schema.
   */
  ifDatabaseMissing?: boolean;
  /** Bounds the waits for readiness and replicas. Default 120 000. */
  timeoutMs?: number;
}

/**
 * The whole store, as `RethinkLedgerStore` implements it and the node's runtime (which opens
 * and closes it) holds it. Every other caller takes the narrowest role it needs:
 * `SchemaAdminStore` (CLI admin commands, start's init), the pipeline roles of
 * pipeline-store.ts (each stage a `Pick` of them), `LedgerFeeds` (changefeeds, reconnects),
 * `LedgerQueries` (HTTP API) and `StoreHealthProbe` (health reports).
 */
export interface LedgerStore
  extends
    SchemaAdminStore,
    StoreHealthProbe,
    AvailabilitySource,
    LedgerQueries,
    PendingBlocksQuery,
    LedgerFeeds,
    PipelineStore {
  /** Close the connection and every open feed; idempotent. */
  close(): Promise<void>;
}

/** How to reach the database (from the node's config `database.*`). */
export interface StoreConnectOptions {
  host: string;
  port: number;
  /** Database name, default `bigchain`. */
  db?: string;
  user?: string;
  password?: string;
  /** Give up connecting after this long (with back-off between tries). Default 30 000. */
  connectTimeoutMs?: number;
  /**
   * The members (keyring plus self) the elections count: only members' votes count and a
   * block whose voters leave out a member is invalid (core's `electBlock`). A node must set it;
   * without it (inspection tools) the block's own voters list is trusted.
   */
  members?: readonly string[];
  /**
   * The members of a membership epoch (issue 12): a block is elected against the members of the
   * epoch it was made in; undefined while the node does not know that epoch (the block stays
   * undecided). Default: `members` for every epoch.
   */
  membersOf?: (epoch: number) => readonly string[] | undefined;
}
