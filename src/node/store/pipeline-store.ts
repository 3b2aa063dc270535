/**
 * The store as the pipeline stages see it, split by what each stage touches (see the stage
 * files for the exact `Pick` each one takes). Every write here is idempotent or a
 * compare-and-set, because several nodes run the same stages against one database.
 */
import type { Block, LedgerFacts, Transaction, Vote } from '../core/index.js';
import type { MembershipRecord } from '../../protocol/membership/index.js';
import type {
  BacklogRow,
  BacklogWriteOptions,
  BlockStatus,
  BlockWithStatus,
  ChangeFeed,
  HeartbeatSnapshot,
} from './ledger-store.js';

/** The `backlog` table: ingest and re-queue write it, the block and stale stages drain it. */
export interface BacklogStore {
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
}

/** `LedgerFacts` for the core's validation (committed tx lookup; spenders in live blocks). */
export interface FactsSource {
  readonly facts: LedgerFacts;
}

/** Is a transaction already in a VALID or UNDECIDED block (block and election stages). */
export interface BlockLookup {
  /** Ids of the blocks that hold this transaction (any status). */
  getBlockIdsContaining(txId: string): Promise<string[]>;
  /** Election outcome of a block (null if no such block). The genesis block is always valid. */
  getBlockStatus(blockId: string): Promise<BlockStatus | null>;
}

/** The `bigchain` table as the block and vote stages use it. */
export interface BlockStore extends BlockLookup, FactsSource {
  /**
   * Write a block (after the assets/metadata/lookup rows of its transactions). Idempotent on retry:
   * writing the same block id twice is not an error. Retries transient failures with back-off.
   */
  writeBlock(block: Block): Promise<void>;
  /** Id of the genesis block (written by `init`). */
  getGenesisBlockId(): Promise<string>;
  /**
   * Catch-up query for the vote stage: blocks (genesis excluded) on which `voter` has not
   * voted yet, ordered by block timestamp then id, at most `limit`. `listed`: only blocks whose
   * `voters` name `voter` (a former member drains its own epochs' blocks, issue 16).
   */
  getBlocksNotVotedBy(voter: string, limit: number, options?: { listed?: boolean }): Promise<Block[]>;
}

/** The `votes` table as the vote stage uses it. */
export interface VoteStore {
  /**
   * Write a vote. One document per (block, voter): the key is derived from both, so a retry
   * or a second attempt is a no-op. Returns false if a vote of this voter for this block
   * already existed.
   */
  writeVote(vote: Vote): Promise<boolean>;
  /** The block id this voter voted on last (latest vote timestamp), or null if none. */
  getLastVotedBlockId(voter: string): Promise<string | null>;
}

/**
 * The election stage's bookkeeping: every non-genesis block starts "unsettled"; a VALID one is
 * settled once seen decided, an INVALID one once its transactions were re-queued.
 */
export interface RequeueStore {
  /**
   * Unsettled blocks whose election is decided (valid or invalid), at most `limit`; undecided
   * ones are skipped. A pure read: settling is `settleValidBlock` / `markRequeued`.
   */
  getUnsettledDecidedBlocks(limit: number): Promise<BlockWithStatus[]>;
  /**
   * Settle a block decided VALID (nothing to re-queue), so later reads skip it. Returns false,
   * changing nothing, when the block is not (or no longer known to be) valid: an invalid block
   * is settled only by `markRequeued`, after its transactions went back to the backlog.
   */
  settleValidBlock(blockId: string): Promise<boolean>;
  /**
   * Claim the right to re-queue an invalid block's transactions. Atomic: of several nodes,
   * one wins; a claim older than `leaseMs` (its owner died mid-way) can be taken over.
   */
  claimRequeue(blockId: string, claimer: string, leaseMs: number): Promise<boolean>;
  /** Mark an invalid block's transactions as re-queued (final; the block is then settled). */
  markRequeued(blockId: string): Promise<void>;
}

/** The `heartbeats` table (liveness). */
/**
 * The membership table (issue 12): rows as stored (resolveChain decides what counts). Keyed by
 * record id since issue 16, so several candidates for one epoch can coexist; a table made before
 * (keyed by epoch) still works, with its squatting weakness, until `init` migrates it.
 */
export interface MembershipStore {
  membershipRows(): Promise<unknown[]>;
  /**
   * Writes an approved record (a row of the same id without valid ballots is replaced).
   * MEMBERSHIP_EPOCH_TAKEN only on a table still keyed by epoch, when another row holds it.
   */
  insertMembership(record: MembershipRecord): Promise<void>;
  /** Deletes the row of this id (`membership commit` undoing its own write after a lost race). */
  withdrawMembership?(id: string): Promise<void>;
}

export interface HeartbeatStore {
  /** Write `{id: key, at: r.now()}` to `heartbeats` (the server's time). Retries only briefly. */
  writeHeartbeat(key: string): Promise<void>;
  /** Every heartbeat with the server's now, read in one query. */
  readHeartbeats(): Promise<HeartbeatSnapshot>;
  /** Remove a node's heartbeat (its clean stop: the others need not wait for it to age). */
  deleteHeartbeat(key: string): Promise<void>;
}

/**
 * Changefeeds: hints that wake a stage early, never the source of truth (each stage reconciles
 * by query when a feed opens, fails, and periodically).
 */
export interface LedgerFeeds {
  /** New or reassigned backlog rows whose assignee is `assignee`. */
  watchBacklog(assignee: string): Promise<ChangeFeed<BacklogRow>>;
  /** New blocks. */
  watchBlocks(): Promise<ChangeFeed<Block>>;
  /** New votes. */
  watchVotes(): Promise<ChangeFeed<Vote>>;
  /**
   * Register a listener called after every RE-connection (not the first), so each stage
   * reconciles by query; returns the unsubscribe function.
   */
  onReconnect(listener: () => void): () => void;
}

/** Everything the pipeline stages together write and read (feeds apart). */
export interface PipelineStore
  extends BacklogStore, BlockStore, VoteStore, RequeueStore, HeartbeatStore, MembershipStore {}
