/**
 * Block stage: take the backlog rows assigned to me, re-validate, pack up to N (or what
 * arrived within T ms) into a signed block with voters = the federation now, write it, and
 * only THEN delete those rows. What a row's fate is (`sortRows`): in a VALID block -> deleted
 * (the work is done); invalid against VALID blocks -> deleted; in conflict only with an
 * UNDECIDED block (the same transaction, or a spend of the same output) -> kept, pending, until
 * that block is decided: it may still go INVALID, and the client was told 202. A block takes
 * no more than it can store (`takeForBlock`); a row whose write fails for its content is found
 * by halving the batch and rejected alone (`writeIsolating`): logged, counted in /health
 * (`rejectedRows`) and deleted, so the rows behind it still go into blocks.
 */
import { makeBlock, type Transaction } from '../core/index.js';
import { isUnstorableContentError } from '../store/content-errors.js';
import type { BacklogRow, BacklogStore, BlockStore, LedgerFeeds } from '../store/ledger-store.js';
import { batchDecision } from './batching.js';
import { takeForBlock } from './block-budget.js';
import { writeIsolating } from './block-isolation.js';
import type { PipelineContext } from './context.js';
import { sortRows } from './row-fate.js';

export { alreadyInLiveBlock, liveBlockStatusOf } from './row-fate.js';
import { Stage, type RejectedRows, type StageControl } from './stage.js';

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
  const rejected: RejectedRows = { count: 0, last: null };
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
    const outcome = await packAndWrite(ctx, batch, control, options.maxTxs, rejected);
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
    report: () => ({ rejectedRows: { count: rejected.count, last: rejected.last } }),
  });
}

async function packAndWrite(
  ctx: PipelineContext<BlockStageStore>,
  rows: BacklogRow[],
  control: StageControl,
  maxTxs: number,
  rejected: RejectedRows,
): Promise<{ progress: boolean; pending: Set<string> }> {
  const fate = await sortRows(ctx.store, rows, ctx.policy);
  const reject = (txId: string, reason: string): void => {
    rejected.count++;
    rejected.last = { txId, reason, atMs: ctx.now() };
  };
  for (const { txId, code, reason } of fate.invalid) {
    ctx.log.info('backlog_tx_invalid', { txId, code, reason });
    if (code === 'TX_UNSTORABLE') reject(txId, reason); // an outside writer's, or an older node's
  }
  for (const { txId, reason } of fate.pending) ctx.log.debug('backlog_tx_pending', { txId, reason });
  const dropped = [...fate.done, ...fate.invalid.map((i) => i.txId)];
  const valid = takeForBlock(fate.valid, maxTxs); // the rest stay in the backlog for the next block
  if (valid.length > 0 && !control.stopping) {
    // Never a half-written block: once the write starts it finishes (stop() waits for it).
    const outcome = await writeIsolating(valid, (txs) => writeBlockOf(ctx, txs), isUnstorableContentError);
    for (const { txId, reason } of outcome.rejected) {
      ctx.log.warn('backlog_tx_unstorable', { txId, reason });
      reject(txId, reason);
    }
    dropped.push(...outcome.written.map((tx) => tx.id), ...outcome.rejected.map((r) => r.txId));
  }
  await ctx.store.deleteBacklog(dropped);
  return { progress: dropped.length > 0, pending: new Set(fate.pending.map((p) => p.txId)) };
}

async function writeBlockOf(
  ctx: PipelineContext<BlockStageStore>,
  txs: readonly Transaction[],
): Promise<void> {
  const { epoch, members } = ctx.membership.current();
  const block = makeBlock([...txs], ctx.keypair, members, ctx.now(), epoch);
  await ctx.store.writeBlock(block);
  ctx.log.info('block_written', { blockId: block.id, txs: txs.length, voters: block.block.voters.length });
}
