/**
 * Stale stage: backlog rows older than backlog_reassign_delay go to another member, so a dead
 * node's work is not lost. The store's compare-and-set makes one reassignment win when
 * several nodes see the same stale row.
 */
import type { PipelineContext } from './context.js';
import { planReassignments, staleCheckIntervalMs, staleCutoffMs } from './stale.js';
import { Stage, type StageControl } from './stage.js';

const BATCH = 500;

export function createStaleStage(ctx: PipelineContext, options: { reassignDelaySec: number }): Stage {
  const tick = async (control: StageControl): Promise<number | void> => {
    const now = ctx.now();
    const rows = await ctx.store.getStaleBacklog(staleCutoffMs(now, options.reassignDelaySec), BATCH);
    let moved = 0;
    for (const { row, to } of planReassignments(
      rows,
      ctx.members(),
      now,
      options.reassignDelaySec,
      ctx.random,
    )) {
      if (control.stopping) return;
      if (await ctx.store.reassignBacklog(row, to, now)) moved++;
    }
    if (moved > 0) ctx.log.info('backlog_reassigned', { count: moved });
    return rows.length === BATCH ? 0 : undefined;
  };
  return new Stage({
    name: 'stale',
    intervalMs: staleCheckIntervalMs(options.reassignDelaySec),
    tick,
    log: ctx.log,
  });
}
