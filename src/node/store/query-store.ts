/**
 * Read-only roles of the store: the HTTP API's queries and the health probe. Nothing here
 * writes to the database (decided block statuses are cached in memory; they never change).
 */
import type { Block, Transaction, Vote } from '../core/index.js';
import type {
  AssetHit,
  BlockStatus,
  MetadataHit,
  OutputRef,
  SchemaReadiness,
  StoreCounts,
  StoreEngine,
  StoreHealth,
  TxStatus,
  TxWithStatus,
} from './ledger-store.js';

/** What the HTTP API (and POST mode=commit's waiter) read. */
export interface LedgerQueries {
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
  /** A block by id, or null. */
  getBlock(blockId: string): Promise<Block | null>;
  /** Ids of the blocks that hold this transaction (any status). */
  getBlockIdsContaining(txId: string): Promise<string[]>;
  /** Election outcome of a block (null if no such block). The genesis block is always valid. */
  getBlockStatus(blockId: string): Promise<BlockStatus | null>;
  /** Every vote stored for a block (including ones the election will ignore). */
  getVotes(blockId: string): Promise<Vote[]>;
}

/**
 * Blocks still waiting for their election (issue 16): what `bigchaindb membership pending` shows
 * and what `membership commit` checks before a new epoch, so pending epochs never stack.
 */
export interface PendingBlocksQuery {
  /** Non-genesis blocks whose election is undecided now, oldest first, at most `limit`. */
  getUndecidedBlocks(limit: number): Promise<Block[]>;
}

/** What health reports read (the node's /health, the lab's status). */
export interface StoreHealthProbe {
  /** Detected once at connect: real RethinkDB or reqlite. */
  readonly engine: StoreEngine;
  /** Human-readable list of what this engine cannot do (empty for RethinkDB). */
  readonly limitations: readonly string[];
  /** A cheap round trip; never rejects. */
  health(): Promise<StoreHealth>;
  /** Whether every table and index exists and is ready, and what is missing or not ready. */
  schemaReadiness(): Promise<SchemaReadiness>;
  counts(): Promise<StoreCounts>;
  /** Blocks `publicKey` created, votes it cast, backlog rows assigned to it (index reads). */
  countsFor(publicKey: string): Promise<StoreCounts>;
  /** Server names (rethinkdb.server_status; ["reqlite"]); undefined when this user cannot read them. */
  servers(): Promise<string[] | undefined>;
}
