/**
 * Block statuses by election (core's `electBlock` over the stored votes). A decided status
 * (valid or invalid) never changes, so it is cached; undecided blocks are re-elected.
 */
import { electBlock, type Block } from '../core/index.js';
import type { BlockStatus } from './ledger-store.js';
import type { VoteQueries } from './vote-queries.js';

const CACHE_LIMIT = 100_000;

export class BlockStatusResolver {
  private readonly decided = new Map<string, BlockStatus>();

  constructor(
    private readonly votes: VoteQueries,
    private readonly genesisId: () => Promise<string>,
  ) {}

  /** Cached decided status, if known (no query). */
  cached(blockId: string): BlockStatus | undefined {
    return this.decided.get(blockId);
  }

  async statusOf(block: Block): Promise<BlockStatus> {
    const known = this.decided.get(block.id);
    if (known !== undefined) return known;
    if (block.id === (await this.genesisId())) return this.remember(block.id, 'valid');
    const election = electBlock(block, await this.votes.ofVoters(block.id, block.block.voters));
    return election.status === 'undecided' ? 'undecided' : this.remember(block.id, election.status);
  }

  private remember(blockId: string, status: BlockStatus): BlockStatus {
    if (this.decided.size >= CACHE_LIMIT) this.decided.clear();
    this.decided.set(blockId, status);
    return status;
  }
}
