/**
 * Block statuses by election (core's `electBlock` over the stored votes). A decided status
 * (valid or invalid) never changes, so it is cached; undecided blocks are re-elected.
 */
import { electBlock, isGenesisBlock, type Block } from '../core/index.js';
import { epochOfBlock } from '../../protocol/block.js';
import { BASE58_KEY } from '../../shared/crypto/index.js';
import type { BlockStatus } from './ledger-store.js';
import type { VoteQueries } from './vote-queries.js';

const CACHE_LIMIT = 100_000;

export class BlockStatusResolver {
  private readonly decided = new Map<string, BlockStatus>();

  constructor(
    private readonly votes: VoteQueries,
    private readonly genesisId: () => Promise<string>,
    /** The members of an epoch (undefined: not known yet); absent: trust the block's voters. */
    private readonly membersOf?: (epoch: number) => readonly string[] | undefined,
  ) {}

  /** Cached decided status, if known (no query). */
  cached(blockId: string): BlockStatus | undefined {
    return this.decided.get(blockId);
  }

  async statusOf(block: Block): Promise<BlockStatus> {
    const known = this.decided.get(block.id);
    if (known !== undefined) return known;
    // A malformed row (no transaction or voter list) cannot be elected: honest voters vote it invalid anyway.
    if (!isElectable(block)) return this.remember(block.id, 'invalid');
    // The `genesis` flag is an unsigned database field: trust it only for a block with nothing
    // to commit, or a forged flagged row would make its transactions valid without a vote.
    if (isGenesisBlock(block) && block.id === (await this.genesisId()))
      return this.remember(block.id, 'valid');
    const members = this.membersOf?.(epochOfBlock(block));
    // An epoch this node has not read yet: undecided until it has (never guessed with other members).
    if (this.membersOf !== undefined && members === undefined) return 'undecided';
    const votes = await this.votes.ofVoters(block.id, block.block.voters);
    const election = electBlock(block, votes, members);
    return election.status === 'undecided' ? 'undecided' : this.remember(block.id, election.status);
  }

  private remember(blockId: string, status: BlockStatus): BlockStatus {
    if (this.decided.size >= CACHE_LIMIT) this.decided.clear();
    this.decided.set(blockId, status);
    return status;
  }
}

function isElectable(block: Block): boolean {
  const body = block.block as Partial<Block['block']> | undefined;
  return (
    Array.isArray(body?.transactions) &&
    Array.isArray(body?.voters) &&
    body.voters.every((v) => typeof v === 'string' && BASE58_KEY.test(v))
  );
}
