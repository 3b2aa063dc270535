/**
 * Membership stage (issue 12): reads the `membership` table every interval (a handful of rows)
 * and refreshes this node's MembershipView, so a new epoch is followed while running, without a
 * restart. The vote stage also reads it at once when it meets a block of an unknown epoch.
 */
import type { MembershipStore } from '../store/ledger-store.js';
import type { PipelineContext } from './context.js';
import { Stage, type StageControl } from './stage.js';

export const MEMBERSHIP_REFRESH_MS = 1_000;

export function createMembershipStage(
  ctx: PipelineContext<MembershipStore>,
  options: { intervalMs?: number } = {},
): Stage {
  const tick = async (control: StageControl): Promise<void> => {
    if (control.stopping) return;
    ctx.membership.update(await ctx.store.membershipRows());
  };
  return new Stage({
    name: 'membership',
    intervalMs: options.intervalMs ?? MEMBERSHIP_REFRESH_MS,
    tick,
    log: ctx.log,
  });
}
