/**
 * Heartbeat stage: every interval, write my heartbeat (the database server's time) and read
 * everyone's in one query, refreshing this node's live set (ctx.liveness). On a clean stop the
 * node says farewell (removes its heartbeat), so the others move its work at once instead of
 * waiting for the heartbeat to age.
 */
import { describeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { PipelineContext } from './context.js';
import type { HeartbeatSnapshot, HeartbeatStore } from '../store/ledger-store.js';
import { msUntilNextDeath, type LiveSet } from './liveness.js';
import { Stage, type StageControl } from './stage.js';

/** Read again this long after a member's heartbeat turns dead_after old (transport, rounding). */
const DEATH_CHECK_MARGIN_MS = 25;

export function createHeartbeatStage(
  ctx: PipelineContext<HeartbeatStore>,
  options: { intervalMs: number },
): Stage {
  const tick = async (control: StageControl): Promise<number | void> => {
    if (control.stopping) return;
    const { live, snapshot } = await beatOnce(ctx);
    // Sooner than the interval when someone's heartbeat is about to age out: see it die on time.
    const ms = msUntilNextDeath(snapshot, live, ctx.keypair.publicKey, ctx.liveness.deadAfterMs);
    return ms === null ? undefined : ms + DEATH_CHECK_MARGIN_MS;
  };
  return new Stage({
    name: 'heartbeat',
    intervalMs: options.intervalMs,
    tick,
    log: ctx.log,
  });
}

/**
 * One heartbeat and one read. startNode also runs it once before the stages start, so that
 * the first assignments and moves already know who is alive (and the others see this node).
 */
export async function beatOnce(
  ctx: PipelineContext<HeartbeatStore>,
): Promise<{ live: LiveSet; snapshot: HeartbeatSnapshot }> {
  await ctx.store.writeHeartbeat(ctx.keypair.publicKey);
  const snapshot = await ctx.store.readHeartbeats();
  const { live, previous } = ctx.liveness.update(snapshot);
  logChanges(ctx.log, live, previous);
  return { live, snapshot };
}

/**
 * Remove my heartbeat: I am gone. Call it only once nothing of mine is running (every stage
 * stopped, no block being written), or the others could move rows I am still packing. Never
 * throws: a node that cannot say farewell is found dead after dead_after_ms anyway.
 */
export async function farewell(ctx: PipelineContext<HeartbeatStore>): Promise<void> {
  try {
    await ctx.store.deleteHeartbeat(ctx.keypair.publicKey);
  } catch (e) {
    ctx.log.warn('heartbeat_farewell_failed', { problem: describeError(e) });
  }
}

function logChanges(log: Logger, live: LiveSet, previous: LiveSet | null): void {
  const wasAlive = new Set(previous?.alive ?? []);
  const wasDead = new Set(previous?.dead ?? []);
  const died = live.dead.filter((m) => !wasDead.has(m));
  const revived = live.alive.filter((m) => !wasAlive.has(m));
  if (previous === null) log.info('liveness_known', { alive: live.alive, dead: live.dead });
  else {
    if (died.length > 0) log.warn('members_dead', { members: died });
    if (revived.length > 0) log.info('members_alive', { members: revived });
  }
}
