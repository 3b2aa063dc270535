/**
 * `RethinkLedgerStore`: the real `LedgerStore` over rethinkdb-ts, for RethinkDB 2.4 and reqlite.
 * Thin: it composes the query modules beside it.
 */
import type { Block, LedgerFacts, Transaction, Vote } from '../core/index.js';
import { createLogger, type Logger } from '../../shared/log.js';
import { describeError } from '../../shared/errors.js';
import { ApiQueries } from './api-queries.js';
import { unavailabilityOf, type Unavailability } from './availability.js';
import { BacklogQueries } from './backlog-queries.js';
import { BlockQueries } from './block-queries.js';
import { BlockStatusResolver } from './block-status.js';
import { DbConnection } from './db-connection.js';
import { detectEngine, limitationsOf } from './engine.js';
import { StoreFacts } from './facts.js';
import { FeedRegistry } from './feeds.js';
import { HeartbeatQueries } from './heartbeat-queries.js';
import { LookupQueries } from './lookups.js';
import { initLedger } from './ledger-init.js';
import { countsFor } from './node-counts.js';
import { listServers } from './servers.js';
import { compareBlocks } from './rows.js';
import type * as S from './ledger-store.js';
import { RequeueClaims } from './requeue-claims.js';
import { Schema } from './schema.js';
import { Tables, type StoreContext } from './tables.js';
import { VoteQueries } from './vote-queries.js';
import { MembershipQueries } from './membership-queries.js';
import type { MembershipRecord } from '../../protocol/membership/index.js';
import { r } from 'rethinkdb-ts';

/** Connect (with back-off), detect the engine, and return the store. */
export async function connectLedgerStore(
  options: S.StoreConnectOptions,
  log: Logger = createLogger(),
): Promise<RethinkLedgerStore> {
  const db = await DbConnection.open(options, log);
  const engine = await detectEngine(db);
  const members = options.members;
  const membersOf = options.membersOf ?? (members === undefined ? undefined : () => members);
  const store = new RethinkLedgerStore(db, options.db ?? 'bigchain', engine, log, membersOf);
  if (store.limitations.length > 0)
    log.warn('engine_limitations', { engine, limitations: store.limitations });
  else log.info('engine_detected', { engine });
  return store;
}

export class RethinkLedgerStore implements S.LedgerStore {
  readonly limitations: readonly string[];
  readonly facts: LedgerFacts;
  private readonly schema: Schema;
  private readonly backlog: BacklogQueries;
  private readonly blocks: BlockQueries;
  private readonly votes: VoteQueries;
  private readonly status: BlockStatusResolver;
  private readonly api: ApiQueries;
  private readonly feeds: FeedRegistry;
  private readonly claims: RequeueClaims;
  private readonly heartbeats: HeartbeatQueries;
  private readonly membership: MembershipQueries;
  private readonly context: StoreContext;

  constructor(
    private readonly db: DbConnection,
    readonly dbName: string,
    readonly engine: S.StoreEngine,
    log: Logger,
    membersOf?: (epoch: number) => readonly string[] | undefined,
  ) {
    const c: StoreContext = { db, t: new Tables(dbName), log };
    this.context = c;
    this.limitations = limitationsOf(engine);
    this.schema = new Schema(db, dbName, engine, log);
    this.backlog = new BacklogQueries(c);
    this.blocks = new BlockQueries(c, new LookupQueries(c));
    this.votes = new VoteQueries(c);
    this.status = new BlockStatusResolver(this.votes, () => this.blocks.genesis(), membersOf);
    this.membership = new MembershipQueries(db, dbName);
    const facts = new StoreFacts(this.blocks, this.status);
    this.facts = facts;
    this.api = new ApiQueries(c, this.blocks, this.backlog, this.status, facts);
    this.feeds = new FeedRegistry(c);
    this.claims = new RequeueClaims(c);
    this.heartbeats = new HeartbeatQueries(c);
  }

  /** Called after every re-connection so the pipelines reconcile by query. */
  onReconnect(listener: () => void): () => void {
    return this.db.onReconnect(listener);
  }

  // lifecycle and schema
  exists(): Promise<boolean> {
    return this.schema.exists();
  }
  schemaReadiness(): Promise<S.SchemaReadiness> {
    return this.schema.readiness();
  }
  waitSchemaReady(timeoutMs: number): Promise<void> {
    return this.schema.waitReady(timeoutMs);
  }
  init(options: S.InitOptions): Promise<void> {
    return initLedger(this.schema, this.blocks, this.membership, options);
  }
  membershipRows(): Promise<unknown[]> {
    return this.membership.rows();
  }
  insertMembership(record: MembershipRecord): Promise<void> {
    return this.membership.insert(record);
  }
  withdrawMembership(id: string): Promise<void> {
    return this.membership.withdraw(id);
  }
  drop(): Promise<void> {
    return this.schema.drop();
  }
  setShards(n: number): Promise<void> {
    return this.schema.reconfigure({ shards: n });
  }
  setReplicas(n: number): Promise<void> {
    return this.schema.reconfigure({ replicas: n });
  }
  async health(): Promise<S.StoreHealth> {
    const started = Date.now();
    try {
      await this.db.run(r.expr(1), { baseDelayMs: 0, maxDelayMs: 0, budgetMs: 0 });
      return { connected: true, engine: this.engine, latencyMs: Date.now() - started };
    } catch (e) {
      return { connected: false, engine: this.engine, problem: this.db.lastProblem ?? describeError(e) };
    }
  }
  recentUnavailability(sinceMs: number): Unavailability | undefined {
    const retried = this.db.retriedSince(sinceMs);
    const found = retried === undefined ? null : unavailabilityOf(retried);
    if (found !== null) return found;
    return this.db.connected
      ? undefined
      : { kind: 'disconnected', problem: this.db.lastProblem ?? 'not connected' };
  }
  async close(): Promise<void> {
    await this.feeds.closeAll();
    await this.db.close();
  }

  // backlog
  writeBacklog(tx: Transaction, assignee: string, options?: S.BacklogWriteOptions): Promise<boolean> {
    return this.backlog.write(tx, assignee, options);
  }
  getBacklogAssignedTo(assignee: string, limit: number): Promise<S.BacklogRow[]> {
    return this.backlog.assignedTo(assignee, limit);
  }
  getStaleBacklog(olderThanMs: number, limit: number): Promise<S.BacklogRow[]> {
    return this.backlog.stale(olderThanMs, limit);
  }
  getBacklogRow(txId: string): Promise<S.BacklogRow | null> {
    return this.backlog.get(txId);
  }
  reassignBacklog(row: S.BacklogRow, newAssignee: string, nowMs: number): Promise<boolean> {
    return this.backlog.reassign(row, newAssignee, nowMs);
  }
  deleteBacklog(txIds: readonly string[]): Promise<void> {
    return this.backlog.delete(txIds);
  }

  // blocks
  writeBlock(block: Block): Promise<void> {
    return this.blocks.write(block);
  }
  getBlock(blockId: string): Promise<Block | null> {
    return this.blocks.get(blockId);
  }
  getGenesisBlockId(): Promise<string> {
    return this.blocks.genesis();
  }
  async getBlockIdsContaining(txId: string): Promise<string[]> {
    return (await this.blocks.containing(txId)).map((b) => b.id);
  }
  async getBlockStatus(blockId: string): Promise<S.BlockStatus | null> {
    const cached = this.status.cached(blockId);
    if (cached !== undefined) return cached;
    const block = await this.blocks.get(blockId);
    return block === null ? null : this.status.statusOf(block);
  }
  async getBlocksNotVotedBy(
    voter: string,
    limit: number,
    options: { listed?: boolean } = {},
  ): Promise<Block[]> {
    const all = await this.blocks.heads(options.listed === true);
    const heads = options.listed
      ? all.filter((h) => Array.isArray(h.voters) && h.voters.includes(voter))
      : all;
    const voted = await this.votes.votedAmong(
      voter,
      heads.map((h) => h.id),
    );
    const wanted = heads
      .filter((h) => !voted.has(h.id))
      .sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    return (await this.blocks.getMany(wanted.map((h) => h.id))).sort(compareBlocks);
  }
  /** Undecided blocks are never settled: the unsettled index holds them (and few decided ones). */
  async getUndecidedBlocks(limit: number): Promise<Block[]> {
    const undecided: Block[] = [];
    for (const block of (await this.blocks.getMany(await this.blocks.unsettledIds())).sort(compareBlocks)) {
      if (undecided.length >= limit) break;
      if ((await this.status.statusOf(block)) === 'undecided') undecided.push(block);
    }
    return undecided;
  }
  /** A pure read: settling is the caller's explicit `settleValidBlock` / `markRequeued`. */
  async getUnsettledDecidedBlocks(limit: number): Promise<S.BlockWithStatus[]> {
    const decided: S.BlockWithStatus[] = [];
    for (const block of await this.blocks.getMany(await this.blocks.unsettledIds())) {
      if (decided.length >= limit) break;
      const status = await this.status.statusOf(block);
      if (status !== 'undecided') decided.push({ block, status });
    }
    return decided;
  }
  async settleValidBlock(blockId: string): Promise<boolean> {
    // Only VALID: settling an invalid block would skip re-queuing its transactions for good.
    if ((await this.getBlockStatus(blockId)) !== 'valid') return false;
    await this.blocks.settle(blockId);
    return true;
  }
  claimRequeue(blockId: string, claimer: string, leaseMs: number): Promise<boolean> {
    return this.claims.claim(blockId, claimer, leaseMs);
  }
  markRequeued(blockId: string): Promise<void> {
    return this.claims.markDone(blockId);
  }

  // votes
  writeVote(vote: Vote): Promise<boolean> {
    return this.votes.write(vote);
  }
  getVotes(blockId: string): Promise<Vote[]> {
    return this.votes.forBlock(blockId);
  }
  getLastVotedBlockId(voter: string): Promise<string | null> {
    return this.votes.lastVotedBlockId(voter);
  }

  // HTTP API
  getTransaction(txId: string): Promise<S.TxWithStatus | null> {
    return this.api.transaction(txId);
  }
  async getTransactionStatus(txId: string): Promise<S.TxStatus | null> {
    return (await this.api.transaction(txId))?.status ?? null;
  }
  getTransactionsByAsset(assetId: string, operation?: 'CREATE' | 'TRANSFER'): Promise<Transaction[]> {
    return this.api.byAsset(assetId, operation);
  }
  getOutputs(publicKey: string, spent?: boolean): Promise<S.OutputRef[]> {
    return this.api.outputs(publicKey, spent);
  }
  searchAssets(text: string, limit: number): Promise<S.AssetHit[]> {
    return this.api.searchAssets(text, limit);
  }
  searchMetadata(text: string, limit: number): Promise<S.MetadataHit[]> {
    return this.api.searchMetadata(text, limit);
  }

  // feeds
  watchBacklog(assignee: string): Promise<S.ChangeFeed<S.BacklogRow>> {
    return this.feeds.backlog(assignee);
  }
  watchBlocks(): Promise<S.ChangeFeed<Block>> {
    return this.feeds.blocks();
  }
  watchVotes(): Promise<S.ChangeFeed<Vote>> {
    return this.feeds.votes();
  }

  // liveness
  writeHeartbeat(key: string): Promise<void> {
    return this.heartbeats.beat(key);
  }
  readHeartbeats(): Promise<S.HeartbeatSnapshot> {
    return this.heartbeats.read();
  }
  deleteHeartbeat(key: string): Promise<void> {
    return this.heartbeats.remove(key);
  }

  async counts(): Promise<S.StoreCounts> {
    const [blocks, votes, backlog] = await Promise.all([
      this.blocks.count(),
      this.votes.count(),
      this.backlog.count(),
    ]);
    return { blocks, votes, backlog };
  }
  countsFor(publicKey: string): Promise<S.StoreCounts> {
    return countsFor(this.context, publicKey);
  }
  servers(): Promise<string[] | undefined> {
    return listServers(this.db, this.engine);
  }
}
