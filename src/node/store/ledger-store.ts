/**
 * The ledger store: the ONE narrow interface between the node and its database (RethinkDB 2.4,
 * or reqlite where no RethinkDB image exists). The pipelines, the HTTP API and the CLI code
 * against this interface only; `RethinkLedgerStore` (rethink-ledger-store.ts) is the real
 * implementation, opened with `connectLedgerStore()`.
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
import type { Block, LedgerFacts, Transaction, Vote } from '../core/index.js';
import type { SchemaReadiness } from './schema-readiness.js';

export type { SchemaReadiness } from './schema-readiness.js';

/** Which server answers: detected once at connect. */
export type StoreEngine = 'rethinkdb' | 'reqlite';

/** Status of a transaction (HTTP `/statuses`) or of a block. */
export type TxStatus = 'valid' | 'undecided' | 'backlog' | 'invalid';
export type BlockStatus = 'valid' | 'undecided' | 'invalid';

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

export interface LedgerStore {
  /** Detected once at connect: real RethinkDB or reqlite. */
  readonly engine: StoreEngine;
  /** Human-readable list of what this engine cannot do (empty for RethinkDB). */
  readonly limitations: readonly string[];
  /** Name of the database (default `bigchain`). */
  readonly dbName: string;

  // ---- lifecycle and schema -------------------------------------------------------------

  /** Whether the database exists (it may still lack tables or indexes: see `schemaReadiness`). */
  exists(): Promise<boolean>;
  /** Whether every table and index exists and is ready, and what is missing or not ready. */
  schemaReadiness(): Promise<SchemaReadiness>;
  /** Wait until the schema is ready; `SchemaNotReadyError` (code `SCHEMA_NOT_READY`) naming what is not. */
  waitSchemaReady(timeoutMs: number): Promise<void>;
  /**
   * Create what is missing of the database, tables and secondary indexes (completing a partial
   * schema), wait until all are ready, and write the genesis block if there is none. Rejects with
   * `DatabaseExistsError` (code `DB_EXISTS`) when everything, genesis included, already existed.
   * DDL is never retried blindly (see ddl.ts).
   */
  init(options: InitOptions): Promise<void>;
  /** Drop the database. Rejects with `DatabaseMissingError` when it does not exist. */
  drop(): Promise<void>;
  /**
   * Reconfigure every table to `n` shards, then wait until all replicas are ready.
   * reqlite: rejects with `EngineLimitationError` (code `ENGINE_LIMITATION`).
   */
  setShards(n: number): Promise<void>;
  /** Same as `setShards`, for replicas. reqlite: `EngineLimitationError`. */
  setReplicas(n: number): Promise<void>;
  /** A cheap round trip; never rejects. */
  health(): Promise<StoreHealth>;
  /**
   * Register a listener called after every RE-connection (not the first), so each stage
   * reconciles by query; returns the unsubscribe function.
   */
  onReconnect(listener: () => void): () => void;
  /** Close the connection and every open feed; idempotent. */
  close(): Promise<void>;

  // ---- backlog ---------------------------------------------------------------------------

  /** Write a transaction to the backlog assigned to `assignee`. Returns false if skipped. */
  writeBacklog(tx: Transaction, assignee: string, options?: BacklogWriteOptions): Promise<boolean>;
  /** Rows assigned to `assignee`, oldest assignment first, at most `limit`. */
  getBacklogAssignedTo(assignee: string, limit: number): Promise<BacklogRow[]>;
  /** Rows whose assignment is older than `olderThanMs` (epoch ms), at most `limit`. */
  getStaleBacklog(olderThanMs: number, limit: number): Promise<BacklogRow[]>;
  /** The backlog row of a transaction, or null. */
  getBacklogRow(txId: string): Promise<BacklogRow | null>;
  /**
   * Reassign a row, only if it is still exactly as `row` (same assignee and timestamp), so
   * two nodes reassigning the same stale row do not both win (RethinkDB: an atomic
   * single-document update; reqlite: not atomic, both may "win", the last write stays, which
   * is harmless). Returns whether it changed.
   */
  reassignBacklog(row: BacklogRow, newAssignee: string, nowMs: number): Promise<boolean>;
  /** Delete backlog rows by transaction id (missing ids are ignored). */
  deleteBacklog(txIds: readonly string[]): Promise<void>;

  // ---- blocks ----------------------------------------------------------------------------

  /**
   * Write a block (after the assets/metadata/lookup rows of its transactions). Idempotent on retry:
   * writing the same block id twice is not an error. Retries transient failures with back-off.
   */
  writeBlock(block: Block): Promise<void>;
  /** A block by id, or null. */
  getBlock(blockId: string): Promise<Block | null>;
  /** Id of the genesis block (written by `init`). */
  getGenesisBlockId(): Promise<string>;
  /** Ids of the blocks that hold this transaction (any status). */
  getBlockIdsContaining(txId: string): Promise<string[]>;
  /** Election outcome of a block (null if no such block). The genesis block is always valid. */
  getBlockStatus(blockId: string): Promise<BlockStatus | null>;
  /**
   * Catch-up query for the vote stage: blocks (genesis excluded) on which `voter` has not
   * voted yet, ordered by block timestamp then id, at most `limit`.
   */
  getBlocksNotVotedBy(voter: string, limit: number): Promise<Block[]>;
  /**
   * Blocks decided INVALID whose transactions were not yet re-queued (see `claimRequeue`).
   * Blocks met on the way that are decided VALID are marked settled, so later calls skip them.
   */
  getInvalidBlocksToRequeue(limit: number): Promise<Block[]>;
  /**
   * Claim the right to re-queue an invalid block's transactions. Atomic: of several nodes,
   * one wins; a claim older than `leaseMs` (its owner died mid-way) can be taken over.
   */
  claimRequeue(blockId: string, claimer: string, leaseMs: number): Promise<boolean>;
  /** Mark an invalid block's transactions as re-queued (final). */
  markRequeued(blockId: string): Promise<void>;

  // ---- votes -----------------------------------------------------------------------------

  /**
   * Write a vote. One document per (block, voter): the key is derived from both, so a retry
   * or a second attempt is a no-op. Returns false if a vote of this voter for this block
   * already existed.
   */
  writeVote(vote: Vote): Promise<boolean>;
  /** Every vote stored for a block (including ones the election will ignore). */
  getVotes(blockId: string): Promise<Vote[]>;
  /** The block id this voter voted on last (latest vote timestamp), or null if none. */
  getLastVotedBlockId(voter: string): Promise<string | null>;

  // ---- queries for the HTTP API ----------------------------------------------------------

  /** A transaction with its status: valid > undecided > backlog > invalid; null if unknown. */
  getTransaction(txId: string): Promise<TxWithStatus | null>;
  /** Status only (same precedence as `getTransaction`). */
  getTransactionStatus(txId: string): Promise<TxStatus | null>;
  /** Transactions of an asset in VALID blocks (CREATE: id = assetId; TRANSFER: asset.id). */
  getTransactionsByAsset(assetId: string, operation?: 'CREATE' | 'TRANSFER'): Promise<Transaction[]>;
  /**
   * Outputs of VALID transactions that list `publicKey`; `spent` filters by whether a
   * transaction in a valid or undecided block spends them (undefined = all).
   */
  getOutputs(publicKey: string, spent?: boolean): Promise<OutputRef[]>;
  /** Case-insensitive substring search over asset data of VALID transactions. */
  searchAssets(text: string, limit: number): Promise<AssetHit[]>;
  /** Case-insensitive substring search over metadata of VALID transactions. */
  searchMetadata(text: string, limit: number): Promise<MetadataHit[]>;

  // ---- facts for the core's validation ---------------------------------------------------

  /** `LedgerFacts` over this store (committed tx lookup; spenders in valid/undecided blocks). */
  readonly facts: LedgerFacts;

  // ---- changefeeds -----------------------------------------------------------------------

  /** New or reassigned backlog rows whose assignee is `assignee`. */
  watchBacklog(assignee: string): Promise<ChangeFeed<BacklogRow>>;
  /** New blocks. */
  watchBlocks(): Promise<ChangeFeed<Block>>;
  /** New votes. */
  watchVotes(): Promise<ChangeFeed<Vote>>;

  // ---- liveness (heartbeats) -------------------------------------------------------------

  /** Write `{id: key, at: r.now()}` to `heartbeats` (the server's time). Retries only briefly. */
  writeHeartbeat(key: string): Promise<void>;
  /** Every heartbeat with the server's now, read in one query. */
  readHeartbeats(): Promise<HeartbeatSnapshot>;
  /** Remove a node's heartbeat (its clean stop: the others need not wait for it to age). */
  deleteHeartbeat(key: string): Promise<void>;

  // ---- counts ----------------------------------------------------------------------------

  counts(): Promise<StoreCounts>;
  /** Blocks `publicKey` created, votes it cast, backlog rows assigned to it (index reads). */
  countsFor(publicKey: string): Promise<StoreCounts>;
  /** Server names (rethinkdb.server_status; ["reqlite"]); undefined when this user cannot read them. */
  servers(): Promise<string[] | undefined>;
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
   * The federation (keyring plus self) the elections count: only members' votes count and a
   * block whose voters leave out a member is invalid (core's `electBlock`). A node must set it;
   * without it (inspection tools) the block's own voters list is trusted.
   */
  federation?: readonly string[];
}
