/**
 * Block stage: take the backlog rows assigned to me, re-validate, pack up to N (or what
 * arrived within T ms) into a signed block with voters = the federation now, write it, and
 * only THEN delete those rows. Rows that fail re-validation are deleted (they are invalid);
 * rows already in a valid or undecided block are deleted (the work is done).
 */
import { makeBlock, validateBlockTransactions, type Transaction } from '../core/index.js';
import type {
  BacklogRow,
  BacklogStore,
  BlockLookup,
  BlockStore,
  LedgerFeeds,
} from '../store/ledger-store.js';
import { batchDecision } from './batching.js';
import type { PipelineContext } from './context.js';
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

export function createBlockStage(ctx: PipelineContext<BlockStageStore>, options: BlockStageOptions): Stage {
  let pendingSinceMs: number | null = null;
  const me = ctx.keypair.publicKey;
  const tick = async (control: StageControl): Promise<number | void> => {
    if (control.stopping) return;
    const rows = await ctx.store.getBacklogAssignedTo(me, options.maxTxs);
    const decision = batchDecision({
      waiting: rows.length,
      pendingSinceMs,
      nowMs: ctx.now(),
      maxTxs: options.maxTxs,
      maxWaitMs: options.maxWaitMs,
    });
    if (decision.action === 'idle') pendingSinceMs = null;
    if (decision.action === 'wait') pendingSinceMs = decision.pendingSinceMs;
    if (decision.action !== 'pack') return decision.action === 'wait' ? decision.retryInMs : undefined;
    pendingSinceMs = null;
    await packAndWrite(ctx, rows, control);
    return 0; // more may be waiting: look again at once
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
): Promise<void> {
  const live = await Promise.all(rows.map((row) => alreadyInLiveBlock(ctx.store, row.tx.id)));
  const fresh: Transaction[] = rows.filter((_, i) => !live[i]).map((row) => row.tx);
  const done: string[] = rows.filter((_, i) => live[i]).map((row) => row.tx.id);
  const { valid, invalid } = await validateBlockTransactions(fresh, ctx.store.facts, ctx.policy);
  for (const { tx, error } of invalid) {
    ctx.log.info('backlog_tx_invalid', { txId: idOf(tx), code: error.code, reason: error.message });
  }
  const dropped = [...done, ...invalid.map((i) => idOf(i.tx))];
  if (valid.length > 0 && !control.stopping) {
    // Never a half-written block: once the write starts it finishes (stop() waits for it).
    const block = makeBlock(valid, ctx.keypair, ctx.members(), ctx.now());
    await ctx.store.writeBlock(block);
    ctx.log.info('block_written', {
      blockId: block.id,
      txs: valid.length,
      voters: block.block.voters.length,
    });
    dropped.push(...valid.map((tx) => tx.id));
  }
  await ctx.store.deleteBacklog(dropped);
}

/** True when the transaction is already in a VALID or UNDECIDED block. */
export async function alreadyInLiveBlock(store: BlockLookup, txId: string): Promise<boolean> {
  for (const blockId of await store.getBlockIdsContaining(txId)) {
    const status = await store.getBlockStatus(blockId);
    if (status === 'valid' || status === 'undecided') return true;
  }
  return false;
}

function idOf(tx: unknown): string {
  return typeof tx === 'object' && tx !== null && typeof (tx as { id?: unknown }).id === 'string'
    ? (tx as { id: string }).id
    : '?';
}
