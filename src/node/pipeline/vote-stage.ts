/**
 * Vote stage: vote once on every block I have not voted on (catch-up query, not only the
 * feed), in block timestamp order; previous_block = the block I voted on last (genesis at
 * first; a malformed row is voted on but never chained). A facts failure (database) aborts the
 * round: no vote without a verdict.
 */
import { judgeBlock, makeVote } from '../core/index.js';
import type { BlockStore, LedgerFeeds, VoteStore } from '../store/ledger-store.js';
import type { PipelineContext } from './context.js';
import { Stage, type StageControl } from './stage.js';

const BATCH = 100;

/** What the vote stage reads and writes. */
export type VoteStageStore = VoteStore &
  Pick<BlockStore, 'getGenesisBlockId' | 'getBlocksNotVotedBy' | 'facts'> &
  Pick<LedgerFeeds, 'watchBlocks'>;

export function createVoteStage(
  ctx: PipelineContext<VoteStageStore>,
  options: { intervalMs?: number } = {},
): Stage {
  const me = ctx.keypair.publicKey;
  let previous: string | null = null;
  const tick = async (control: StageControl): Promise<number | void> => {
    previous ??= chainable(await ctx.store.getLastVotedBlockId(me)) ?? (await ctx.store.getGenesisBlockId());
    const blocks = await ctx.store.getBlocksNotVotedBy(me, BATCH);
    for (const block of blocks) {
      if (control.stopping) return;
      const verdict = await judgeBlock(block, ctx.store.facts, ctx.policy, ctx.members());
      const reason = verdict.valid ? null : verdict.reason;
      const vote = makeVote(block.id, previous, verdict.valid, reason, ctx.keypair, ctx.now());
      const written = await ctx.store.writeVote(vote);
      // A malformed row's id would make every later vote of mine malformed (previous_block).
      previous = chainable(block.id) ?? previous;
      ctx.log.info('vote_cast', { blockId: block.id, valid: verdict.valid, reason, duplicate: !written });
    }
    return blocks.length === BATCH ? 0 : undefined;
  };
  return new Stage({
    name: 'vote',
    intervalMs: options.intervalMs ?? 2_000,
    minGapMs: 50,
    tick,
    feed: () => ctx.store.watchBlocks(),
    log: ctx.log,
  });
}

/** The id if it can be a vote's previous_block (a block id: 64 hex digits), else null. */
function chainable(blockId: string | null): string | null {
  return blockId !== null && /^[0-9a-f]{64}$/.test(blockId) ? blockId : null;
}
