/**
 * A hand-written in-memory ledger with the store roles of the block, vote and election stages,
 * answering like RethinkLedgerStore: inserts with conflict semantics (a block id or a
 * (block, voter) vote is written once; backlog `skip` keeps the first writer), statuses by the
 * core's election over the stored votes with the federation, facts by election, an exclusive
 * re-queue claim with a lease, and changefeeds that report writes. Several nodes share one
 * instance, as they share one database.
 */
import { epochOfBlock } from '../../../../src/protocol/block.js';
import {
  membersOfEpoch,
  resolveChain,
  type MembershipRecord,
} from '../../../../src/protocol/membership/index.js';
import { EpochTakenError } from '../../../../src/node/store/membership-queries.js';
import {
  electBlock,
  isGenesisBlock,
  makeGenesisBlock,
  type Block,
  type Keypair,
  type LedgerFacts,
  type Transaction,
  type Vote,
} from '../../../../src/node/core/index.js';
import type { BlockStageStore } from '../../../../src/node/pipeline/block-stage.js';
import type { ElectionStageStore } from '../../../../src/node/pipeline/election-stage.js';
import type { VoteStageStore } from '../../../../src/node/pipeline/vote-stage.js';
import type {
  BacklogRow,
  BacklogWriteOptions,
  BlockStatus,
  BlockWithStatus,
  ChangeFeed,
  TxStatus,
} from '../../../../src/node/store/ledger-store.js';

type Method = 'writeBlock' | 'writeVote' | 'deleteBacklog' | 'getBlockStatus' | 'facts';

export class FakeLedger implements BlockStageStore, VoteStageStore, ElectionStageStore {
  readonly backlog = new Map<string, BacklogRow>();
  readonly blocks = new Map<string, Block>();
  readonly votes = new Map<string, Vote>();
  readonly unsettled = new Set<string>();
  readonly requeued = new Set<string>();
  readonly claims = new Map<string, { by: string; atMs: number }>();
  /** The membership table: one row per epoch (its primary key), as the real table. */
  readonly membership = new Map<number, MembershipRecord>();
  /** Writes in order (`writeBlock <id>`, `deleteBacklog <ids>`, ...), for order assertions. */
  readonly writes: string[] = [];
  readonly genesis: Block;
  /** Make the next call of a method reject with this error. */
  readonly failNext = new Map<Method, Error>();
  /**
   * Awaited by writeVote before the vote is stored: a test holds a voter's write back to open
   * the window between its verdict (facts read) and its vote landing, as a slow database does.
   */
  voteGate: ((vote: Vote) => Promise<void>) | undefined;
  /** Awaited by getLiveBlockIdsWithTransaction before it answers (a slow read). */
  factsGate: ((txId: string) => Promise<void>) | undefined;
  private readonly subscribers = new Set<{ kind: string; key?: string; push: (v: unknown) => void }>();

  constructor(
    genesisCreator: Keypair,
    /** The federation the elections count (the real store gets it at connect). */
    private readonly members: readonly string[],
  ) {
    this.genesis = makeGenesisBlock(genesisCreator, 1);
    this.blocks.set(this.genesis.id, this.genesis);
  }

  async membershipRows(): Promise<unknown[]> {
    return [...this.membership.values()].map((r) => structuredClone(r));
  }

  async insertMembership(record: MembershipRecord): Promise<void> {
    if (this.membership.has(record.epoch)) throw new EpochTakenError(record.epoch);
    this.membership.set(record.epoch, structuredClone(record));
  }

  // ---- backlog ----
  async writeBacklog(tx: Transaction, assignee: string, options: BacklogWriteOptions = {}): Promise<boolean> {
    if ((options.onConflict ?? 'replace') === 'skip' && this.backlog.has(tx.id)) return false;
    const row = { tx, assignee, assignmentTimestampMs: options.assignmentTimestampMs ?? Date.now() };
    this.backlog.set(tx.id, row);
    this.writes.push(`writeBacklog ${tx.id}`);
    this.emit('backlog', row, assignee);
    return true;
  }
  async getBacklogAssignedTo(assignee: string, limit: number): Promise<BacklogRow[]> {
    return [...this.backlog.values()]
      .filter((r) => r.assignee === assignee)
      .sort((a, b) => a.assignmentTimestampMs - b.assignmentTimestampMs)
      .slice(0, limit);
  }
  async getBacklogRow(txId: string): Promise<BacklogRow | null> {
    return this.backlog.get(txId) ?? null;
  }
  async deleteBacklog(txIds: readonly string[]): Promise<void> {
    this.fail('deleteBacklog');
    for (const id of txIds) this.backlog.delete(id);
    this.writes.push(`deleteBacklog ${[...txIds].sort().join(',')}`);
  }

  // ---- blocks ----
  async writeBlock(block: Block): Promise<void> {
    this.fail('writeBlock');
    if (this.blocks.has(block.id)) return; // same id = same content (the id is its hash)
    this.blocks.set(block.id, block);
    this.unsettled.add(block.id);
    this.writes.push(`writeBlock ${block.id}`);
    this.emit('blocks', block);
  }
  async getGenesisBlockId(): Promise<string> {
    return this.genesis.id;
  }
  async getBlockIdsContaining(txId: string): Promise<string[]> {
    return this.blocksWith((tx) => tx.id === txId).map((b) => b.id);
  }
  async getBlockStatus(blockId: string): Promise<BlockStatus | null> {
    this.fail('getBlockStatus');
    const block = this.blocks.get(blockId);
    return block === undefined ? null : this.statusOf(block);
  }
  async getBlocksNotVotedBy(
    voter: string,
    limit: number,
    options: { listed?: boolean } = {},
  ): Promise<Block[]> {
    return [...this.blocks.values()]
      .filter((b) => b.id !== this.genesis.id && !this.votes.has(voteKey(b.id, voter)))
      .filter((b) => !options.listed || b.block.voters.includes(voter))
      .sort((a, b) => Number(a.block.timestamp) - Number(b.block.timestamp) || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  /** valid > undecided > backlog > invalid (simpler than the store: re-queue marks are not modelled). */
  async getTransactionStatus(txId: string): Promise<TxStatus | null> {
    const statuses = (await this.getBlockIdsContaining(txId)).map((id) =>
      this.statusOf(this.blocks.get(id)!),
    );
    if (statuses.includes('valid')) return 'valid';
    if (statuses.includes('undecided')) return 'undecided';
    if (this.backlog.has(txId)) return 'backlog';
    return statuses.length > 0 ? 'invalid' : null;
  }

  // ---- votes ----
  async writeVote(vote: Vote): Promise<boolean> {
    this.fail('writeVote');
    await this.voteGate?.(vote);
    const key = voteKey(vote.vote.voting_for_block, vote.node_pubkey);
    if (this.votes.has(key)) return false;
    this.votes.set(key, vote);
    this.writes.push(`writeVote ${key}`);
    this.emit('votes', vote);
    return true;
  }
  async getLastVotedBlockId(voter: string): Promise<string | null> {
    let best: { t: number; id: string } | null = null;
    for (const { node_pubkey, vote } of this.votes.values()) {
      const t = Number(vote.timestamp);
      if (node_pubkey !== voter) continue;
      if (best === null || t > best.t || (t === best.t && vote.voting_for_block > best.id))
        best = { t, id: vote.voting_for_block };
    }
    return best?.id ?? null;
  }
  votesOf(blockId: string): Vote[] {
    return [...this.votes.values()].filter((v) => v.vote.voting_for_block === blockId);
  }

  // ---- re-queue bookkeeping ----
  async getUnsettledDecidedBlocks(limit: number): Promise<BlockWithStatus[]> {
    const decided: BlockWithStatus[] = [];
    for (const id of this.unsettled) {
      const block = this.blocks.get(id)!;
      const status = this.statusOf(block);
      if (status !== 'undecided' && decided.length < limit) decided.push({ block, status });
    }
    return decided;
  }
  async settleValidBlock(blockId: string): Promise<boolean> {
    const block = this.blocks.get(blockId);
    if (block === undefined || this.statusOf(block) !== 'valid') return false;
    this.unsettled.delete(blockId);
    this.writes.push(`settle ${blockId}`);
    return true;
  }
  async claimRequeue(blockId: string, claimer: string, leaseMs: number): Promise<boolean> {
    if (this.requeued.has(blockId)) return false;
    const claim = this.claims.get(blockId);
    if (claim !== undefined && Date.now() - claim.atMs < leaseMs) return false;
    this.claims.set(blockId, { by: claimer, atMs: Date.now() });
    return true;
  }
  async markRequeued(blockId: string): Promise<void> {
    this.requeued.add(blockId);
    this.unsettled.delete(blockId);
    this.writes.push(`markRequeued ${blockId}`);
  }

  // ---- facts, by election (as the real store's StoreFacts) ----
  readonly facts: LedgerFacts = {
    getCommittedTransaction: async (id) => {
      this.fail('facts');
      const block = this.blocksWith((tx) => tx.id === id).find((b) => this.statusOf(b) === 'valid');
      return block?.block.transactions.find((tx) => tx.id === id) ?? null;
    },
    getValidBlockIdsWithTransaction: async (txId) => {
      this.fail('facts');
      return this.blocksWith((tx) => tx.id === txId)
        .filter((b) => this.statusOf(b) === 'valid')
        .map((b) => b.id);
    },
    getLiveBlockIdsWithTransaction: async (txId) => {
      this.fail('facts');
      await this.factsGate?.(txId);
      return this.blocksWith((tx) => tx.id === txId)
        .filter((b) => this.statusOf(b) !== 'invalid')
        .map((b) => b.id);
    },
    getSpenderIds: async (txId, outputIndex) => {
      this.fail('facts');
      const spends = (tx: Transaction): boolean =>
        tx.inputs.some((i) => i.fulfills?.transaction_id === txId && i.fulfills.output_index === outputIndex);
      const ids = this.blocksWith(spends)
        .filter((b) => this.statusOf(b) !== 'invalid')
        .flatMap((b) => b.block.transactions.filter(spends).map((tx) => tx.id));
      return [...new Set(ids)];
    },
  };

  // ---- changefeeds: a write is reported to every open feed of its kind ----
  watchBacklog(assignee: string): Promise<ChangeFeed<BacklogRow>> {
    return Promise.resolve(this.feed<BacklogRow>('backlog', assignee));
  }
  watchBlocks(): Promise<ChangeFeed<Block>> {
    return Promise.resolve(this.feed<Block>('blocks'));
  }
  watchVotes(): Promise<ChangeFeed<Vote>> {
    return Promise.resolve(this.feed<Vote>('votes'));
  }

  /** Status by election over the stored votes; the genesis block is valid. */
  statusOf(block: Block): BlockStatus {
    if (isGenesisBlock(block) && block.id === this.genesis.id) return 'valid';
    // As the real store: the members of the block's epoch; an epoch not known yet stays undecided.
    const chain = resolveChain([...this.membership.values()]);
    const members = chain.epochs.length === 0 ? this.members : membersOfEpoch(chain, epochOfBlock(block));
    if (members === undefined) return 'undecided';
    return electBlock(block, this.votesOf(block.id), members).status;
  }

  private blocksWith(pred: (tx: Transaction) => boolean): Block[] {
    return [...this.blocks.values()].filter((b) => b.block.transactions.some(pred));
  }

  private fail(method: Method): void {
    const error = this.failNext.get(method);
    if (error === undefined) return;
    this.failNext.delete(method);
    throw error;
  }

  private emit(kind: string, value: unknown, key?: string): void {
    for (const s of this.subscribers)
      if (s.kind === kind && (s.key === undefined || s.key === key)) s.push(value);
  }

  private feed<T>(kind: string, key?: string): ChangeFeed<T> {
    const queue: T[] = [];
    let wake: (() => void) | undefined;
    let closed = false;
    const sub = {
      kind,
      key,
      push: (v: unknown) => {
        queue.push(v as T);
        wake?.();
      },
    };
    this.subscribers.add(sub);
    return {
      close: async () => {
        closed = true;
        this.subscribers.delete(sub);
        wake?.();
      },
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<T>> => {
          while (queue.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
          return closed ? { value: undefined, done: true } : { value: queue.shift()!, done: false };
        },
      }),
    };
  }
}

function voteKey(blockId: string, voter: string): string {
  return `${blockId}/${voter}`;
}
