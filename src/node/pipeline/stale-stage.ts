/**
 * Stale stage: moves backlog work away from members that cannot do it.
 * - Rows assigned to a member that is not alive (heartbeats) move at once to a live member;
 *   the first live member (isDeadWorkMover) does this, every heartbeat interval and as soon as
 *   the live set changes.
 * - Rows older than backlog_reassign_delay move to another live member, as before liveness
 *   (every node looks, a few times per delay): a member alive but stuck is still relieved.
 * The store's compare-and-set makes one reassignment win when several nodes move one row.
 */
import type { BacklogRow, BacklogStore } from '../store/ledger-store.js';
import type { PipelineContext } from './context.js';
import { isDeadWorkMover, type LiveSet } from './liveness.js';
import { planReassignments, staleCheckIntervalMs, staleCutoffMs, type Reassignment } from './stale.js';
import { Stage, type StageControl } from './stage.js';

const BATCH = 500;
/** Reassignments in flight at once (one single-document update each). */
const PARALLEL = 50;

export interface StaleStageOptions {
  reassignDelaySec: number;
  /** How often dead members' rows are looked for: the heartbeat interval. */
  intervalMs: number;
}

/** What the stale stage reads and writes. */
export type StaleStageStore = Pick<
  BacklogStore,
  'getStaleBacklog' | 'getBacklogAssignedTo' | 'reassignBacklog'
>;

export function createStaleStage(ctx: PipelineContext<StaleStageStore>, options: StaleStageOptions): Stage {
  const me = ctx.keypair.publicKey;
  const staleEveryMs = staleCheckIntervalMs(options.reassignDelaySec);
  let lastStaleCheckMs = -Infinity;
  const tick = async (control: StageControl): Promise<number | void> => {
    const now = ctx.now();
    const live = ctx.liveness.current();
    const checkStale = now - lastStaleCheckMs >= staleEveryMs;
    const [stale, orphans] = await Promise.all([
      checkStale ? ctx.store.getStaleBacklog(staleCutoffMs(now, options.reassignDelaySec), BATCH) : [],
      rowsOfDeadMembers(ctx, live),
    ]);
    if (checkStale) lastStaleCheckMs = now;
    const plan = planReassignments({
      rows: [...orphans, ...stale],
      members: ctx.members(),
      live: live && { ...live, dead: [...live.dead, ...ctx.membership.formerMembers()] },
      self: me,
      nowMs: now,
      reassignDelaySec: options.reassignDelaySec,
      random: ctx.random,
    });
    await apply(ctx, plan, now, control);
    const more = stale.length === BATCH || orphans.length >= BATCH;
    if (stale.length === BATCH) lastStaleCheckMs = -Infinity;
    return more ? 0 : undefined;
  };
  const stage = new Stage({
    name: 'stale',
    intervalMs: Math.min(staleEveryMs, options.intervalMs),
    tick,
    log: ctx.log,
  });
  // A member just found dead: move its work now, not at the next tick.
  ctx.liveness.onChange(() => stage.poke());
  return stage;
}

async function rowsOfDeadMembers(
  ctx: PipelineContext<StaleStageStore>,
  live: LiveSet | null,
): Promise<BacklogRow[]> {
  // Former members (removed, or a rotated-out key) do no work either: their rows move like the dead's.
  const gone = [...(live?.dead ?? []), ...ctx.membership.formerMembers()];
  if (live === null || gone.length === 0 || !isDeadWorkMover(live, ctx.keypair.publicKey)) return [];
  const perMember = await Promise.all(gone.map((m) => ctx.store.getBacklogAssignedTo(m, BATCH)));
  return perMember.flat();
}

async function apply(
  ctx: PipelineContext<StaleStageStore>,
  plan: readonly Reassignment[],
  nowMs: number,
  control: StageControl,
): Promise<void> {
  const moved = { dead: 0, stale: 0 };
  for (let i = 0; i < plan.length && !control.stopping; i += PARALLEL) {
    const chunk = plan.slice(i, i + PARALLEL);
    const won = await Promise.all(chunk.map(({ row, to }) => ctx.store.reassignBacklog(row, to, nowMs)));
    chunk.forEach(({ why }, j) => {
      if (won[j]) moved[why]++;
    });
  }
  if (moved.dead > 0) ctx.log.info('backlog_reassigned', { count: moved.dead, why: 'assignee not alive' });
  if (moved.stale > 0)
    ctx.log.info('backlog_reassigned', { count: moved.stale, why: 'older than the delay' });
}
