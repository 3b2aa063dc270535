/**
 * Election stage: when a block is decided INVALID, its transactions go back to the backlog
 * exactly once. One node wins an atomic claim on the block (a lease, so a node that dies
 * mid-way is replaced); each transaction is re-inserted with "first writer wins" semantics,
 * and only if it is not already in the backlog or in another valid or undecided block. A block
 * of any epoch is handled alike (issue 16): an old epoch's invalid block hands its transactions
 * to the current epoch's live members, who put them in a block of the current epoch.
 */
import { checkTransactionStatic, type Block } from '../core/index.js';
import { describeError } from '../../shared/errors.js';
import type { BacklogStore, BlockLookup, LedgerFeeds, RequeueStore } from '../store/ledger-store.js';
import { alreadyInLiveBlock } from './block-stage.js';
import type { PipelineContext } from './context.js';
import { assigneeFor } from './members.js';
import { Stage, type StageControl } from './stage.js';

const BATCH = 20;
export const REQUEUE_LEASE_MS = 30_000;

/** What the election stage reads and writes. */
export type ElectionStageStore = RequeueStore &
  BlockLookup &
  Pick<BacklogStore, 'getBacklogRow' | 'writeBacklog'> &
  Pick<LedgerFeeds, 'watchVotes'>;

export function createElectionStage(
  ctx: PipelineContext<ElectionStageStore>,
  options: { intervalMs?: number } = {},
): Stage {
  const tick = async (control: StageControl): Promise<number | void> => {
    const blocks = await ctx.store.getUnsettledDecidedBlocks(BATCH);
    for (const { block, status } of blocks) {
      if (control.stopping) return;
      // A VALID block needs nothing more: settle it so later rounds skip it.
      if (status === 'valid') {
        await ctx.store.settleValidBlock(block.id);
        continue;
      }
      if (!(await ctx.store.claimRequeue(block.id, ctx.keypair.publicKey, REQUEUE_LEASE_MS))) continue;
      const requeued = await requeue(ctx, block);
      await ctx.store.markRequeued(block.id);
      ctx.log.info('invalid_block_requeued', {
        blockId: block.id,
        txs: entriesOf(block)?.length ?? 0,
        requeued,
      });
    }
    return blocks.length === BATCH ? 0 : undefined;
  };
  return new Stage({
    name: 'election',
    intervalMs: options.intervalMs ?? 3_000,
    minGapMs: 200,
    tick,
    feed: () => ctx.store.watchVotes(),
    log: ctx.log,
  });
}

async function requeue(ctx: PipelineContext<ElectionStageStore>, block: Block): Promise<number> {
  let count = 0;
  // A block in the table need not be well formed (it was voted invalid for that): whatever in it
  // is not a transaction is skipped, and never stops the others nor the next blocks.
  const entries = entriesOf(block);
  if (entries === null)
    ctx.log.warn('requeue_entry_skipped', {
      blockId: block.id,
      problem: 'the block has no transaction list',
    });
  for (const [index, entry] of (entries ?? []).entries()) {
    let tx;
    try {
      tx = checkTransactionStatic(entry, ctx.policy);
    } catch (e) {
      ctx.log.warn('requeue_entry_skipped', { blockId: block.id, index, problem: describeError(e) });
      continue;
    }
    if ((await ctx.store.getBacklogRow(tx.id)) !== null) continue;
    if (await alreadyInLiveBlock(ctx.store, tx.id)) continue;
    const assignee = assigneeFor(tx, ctx.liveness.assignable(), ctx.random); // a live member
    if (await ctx.store.writeBacklog(tx, assignee, { onConflict: 'skip', assignmentTimestampMs: ctx.now() }))
      count++;
  }
  return count;
}

/** What a block from the table holds in place of its transactions (null when not even a list). */
function entriesOf(block: Block): unknown[] | null {
  const entries: unknown = (block.block as Partial<Block['block']> | undefined)?.transactions;
  return Array.isArray(entries) ? entries : null;
}
