/**
 * Vote stage: vote once on every block I have not voted on (catch-up query, not only the
 * feed), in block timestamp order (a former member: only the blocks that name it); previous_block = the block I voted on last (genesis at
 * first; a malformed row is voted on but never chained). Up to JUDGE_AHEAD blocks are judged at
 * once while the votes are written one by one in that order. A facts failure (database) aborts
 * the round: no vote without a verdict.
 */
import { judgeBlock, makeVote, type BlockVerdict, type EpochView } from '../core/index.js';
import type { BlockStore, LedgerFeeds, MembershipStore, VoteStore } from '../store/ledger-store.js';
import type { MembershipView } from './membership-view.js';
import type { PipelineContext } from './context.js';
import { orderedPool } from './ordered-pool.js';
import { Stage, type StageControl } from './stage.js';

const BATCH = 100;
/** Blocks judged at once, ahead of the vote being written (ordered-pool.ts says why). */
const JUDGE_AHEAD = 4;

/** What the vote stage reads and writes. */
export type VoteStageStore = VoteStore &
  MembershipStore &
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
    // Removed or rotated out (issue 16): this key still votes on the blocks that name it, those
    // of its own epochs, where its vote still counts, so none of them is stranded for want of its
    // vote; it never votes on a later epoch's blocks (it is not their voter). A key that never
    // was a member does not vote at all.
    const member = ctx.members().includes(me);
    if (!member && !ctx.membership.formerMembers().includes(me)) return;
    const blocks = await ctx.store.getBlocksNotVotedBy(me, BATCH, member ? {} : { listed: true });
    const judge = async (block: unknown): Promise<{ verdict: BlockVerdict; judgeMs: number }> => {
      const startedMs = Date.now();
      await knowEpochOf(ctx, block);
      const verdict = await judgeBlock(block, ctx.store.facts, ctx.policy, epochsOf(ctx.membership));
      return { verdict, judgeMs: Date.now() - startedMs };
    };
    for await (const outcome of orderedPool(blocks, JUDGE_AHEAD, judge, () => control.stopping)) {
      const { item: block, index } = outcome;
      if (control.stopping) return;
      if (!outcome.ok) throw outcome.error; // a facts failure: no vote without a verdict
      let { verdict, judgeMs } = outcome.value;
      // Judged ahead, before my earlier votes of this round landed: a conflict with one of those
      // blocks may be gone now (it went INVALID), as it would have been for a verdict made in
      // turn. Judge an invalid verdict again in turn, so that judging ahead never turns a
      // block invalid that one-by-one judging would have found valid (a shared transaction
      // would otherwise end up in no VALID block and wait for its re-queue). A valid verdict
      // stands: any block written after it is judged against this one.
      if (!verdict.valid && index > 0) ({ verdict, judgeMs } = await judge(block));
      const reason = verdict.valid ? null : verdict.reason;
      const vote = makeVote(block.id, previous, verdict.valid, reason, ctx.keypair, ctx.now());
      const writeStartedMs = Date.now();
      const written = await ctx.store.writeVote(vote);
      // A malformed row's id would make every later vote of mine malformed (previous_block).
      previous = chainable(block.id) ?? previous;
      ctx.log.info('vote_cast', {
        blockId: block.id,
        valid: verdict.valid,
        reason,
        duplicate: !written,
        judgeMs,
        writeMs: Date.now() - writeStartedMs,
      });
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

/** The epochs as judgeBlock needs them, from this node's membership view. */
export function epochsOf(view: MembershipView): EpochView {
  return { current: view.current().epoch, membersOf: (epoch) => view.membersOf(epoch) };
}

/**
 * A block of an epoch this node has not read yet: its record must be in the table already (its
 * creator read it there), so read the table once more before judging it.
 */
async function knowEpochOf(ctx: PipelineContext<VoteStageStore>, block: unknown): Promise<void> {
  const epoch = (block as { block?: { epoch?: unknown } }).block?.epoch;
  if (typeof epoch === 'number' && ctx.membership.membersOf(epoch) === undefined)
    ctx.membership.update(await ctx.store.membershipRows());
}

/** The id if it can be a vote's previous_block (a block id: 64 hex digits), else null. */
function chainable(blockId: string | null): string | null {
  return blockId !== null && /^[0-9a-f]{64}$/.test(blockId) ? blockId : null;
}
