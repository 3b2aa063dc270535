/**
 * Block stage: take the backlog rows assigned to me, re-validate, pack up to N (or what
 * arrived within T ms) into a signed block with voters = the federation now, write it, and
 * only THEN delete those rows. What a row's fate is (`sortRows`): in a VALID block -> deleted
 * (the work is done); invalid against VALID blocks -> deleted; in conflict only with an
 * UNDECIDED block (the same transaction, or a spend of the same output) -> kept, pending, until
 * that block is decided: it may still go INVALID, and the client was told 202.
 */
import { makeBlock } from '../core/index.js';
import type { BacklogRow, BacklogStore, BlockStore, LedgerFeeds } from '../store/ledger-store.js';
import { batchDecision } from './batching.js';
import type { PipelineContext } from './context.js';
import { sortRows } from './row-fate.js';

export { alreadyInLiveBlock, liveBlockStatusOf } from './row-fate.js';
import { Stage, type StageControl } from './stage.js';

export interface BlockStageOptions {
  maxTxs: number;
  maxWaitMs: number;
  /** Reconcile period (the backlog feed makes it react sooner). */
  intervalMs?: number;
}

/** What the block stage reads and writes. */
export type BlockStageStore = Pick<BacklogStore, 'getBacklogAssignedTo' | 'deleteBacklog'> &
  Pick<BlockStore, 'writeBlock' | 'getBlockIdsContaining' | 'getBlockStatus' | 'facts'> &
  Pick<LedgerFeeds, 'watchBacklog'>;

/** How often rows pending on an undecided block are looked at again when nothing else moves. */
const PENDING_RECHECK_MS = 500;

export function createBlockStage(ctx: PipelineContext<BlockStageStore>, options: BlockStageOptions): Stage {
  let pendingSinceMs: number | null = null;
  // Rows kept last round: read beyond maxTxs by as many, so they never crowd new rows out.
  let pending = new Set<string>();
  let recheckAtMs = 0;
  const me = ctx.keypair.publicKey;
  const tick = async (control: StageControl): Promise<number | void> => {
    // Not a member of the current epoch (removed, or its key rotated): it makes no blocks; the
    // others move whatever is still assigned to it (stale stage).
    if (control.stopping || !ctx.members().includes(me)) return;
    const rows = await ctx.store.getBacklogAssignedTo(me, options.maxTxs + pending.size);
    const fresh = rows.filter((row) => !pending.has(row.tx.id));
    const nowMs = ctx.now();
    const decision = batchDecision({
      waiting: fresh.length,
      pendingSinceMs,
      nowMs,
      maxTxs: options.maxTxs,
      maxWaitMs: options.maxWaitMs,
      ...(fresh.length > 0
        ? { oldestAssignedAtMs: Math.min(...fresh.map((r) => r.assignmentTimestampMs)) }
        : {}),
    });
    if (decision.action === 'idle') pendingSinceMs = null;
    if (decision.action === 'wait') pendingSinceMs = decision.pendingSinceMs;
    const recheck = pending.size > 0 && nowMs >= recheckAtMs;
    if (decision.action !== 'pack' && !recheck) {
      if (decision.action === 'wait') return decision.retryInMs;
      return pending.size > 0 ? Math.max(0, recheckAtMs - nowMs) : undefined;
    }
    if (decision.action === 'pack') pendingSinceMs = null;
    const batch = decision.action === 'pack' ? rows : rows.filter((row) => pending.has(row.tx.id));
    const outcome = await packAndWrite(ctx, batch, control, options.maxTxs);
    pending = outcome.pending;
    recheckAtMs = nowMs + PENDING_RECHECK_MS;
    if (outcome.progress) return 0; // more may be waiting: look again at once
    return pending.size > 0 ? PENDING_RECHECK_MS : undefined;
  };
  return new Stage({
    name: 'block',
    intervalMs: options.intervalMs ?? 1_000,
    minGapMs: 50,
    tick,
    feed: () => ctx.store.watchBacklog(me),
    log: ctx.log,
  });
}

async function packAndWrite(
  ctx: PipelineContext<BlockStageStore>,
  rows: BacklogRow[],
  control: StageControl,
  maxTxs: number,
): Promise<{ progress: boolean; pending: Set<string> }> {
  const fate = await sortRows(ctx.store, rows, ctx.policy);
  for (const { txId, code, reason } of fate.invalid)
    ctx.log.info('backlog_tx_invalid', { txId, code, reason });
  for (const { txId, reason } of fate.pending) ctx.log.debug('backlog_tx_pending', { txId, reason });
  const dropped = [...fate.done, ...fate.invalid.map((i) => i.txId)];
  const valid = fate.valid.slice(0, maxTxs); // the rest stay in the backlog for the next block
  if (valid.length > 0 && !control.stopping) {
    // Never a half-written block: once the write starts it finishes (stop() waits for it).
    const { epoch, members } = ctx.membership.current();
    const block = makeBlock(valid, ctx.keypair, members, ctx.now(), epoch);
    await ctx.store.writeBlock(block);
    ctx.log.info('block_written', {
      blockId: block.id,
      txs: valid.length,
      voters: block.block.voters.length,
    });
    dropped.push(...valid.map((tx) => tx.id));
  }
  await ctx.store.deleteBacklog(dropped);
  return { progress: dropped.length > 0, pending: new Set(fate.pending.map((p) => p.txId)) };
}
