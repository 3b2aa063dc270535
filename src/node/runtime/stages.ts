/** The pipeline stages of a node (block, vote, election, stale, heartbeat), with their timings. */
import type { NodeConfig } from '../config/index.js';
import { createBlockStage, type BlockStageStore } from '../pipeline/block-stage.js';
import type { PipelineContext } from '../pipeline/context.js';
import { createElectionStage, type ElectionStageStore } from '../pipeline/election-stage.js';
import { createHeartbeatStage } from '../pipeline/heartbeat-stage.js';
import { createMembershipStage } from '../pipeline/membership-stage.js';
import type { Stage } from '../pipeline/stage.js';
import { createStaleStage, type StaleStageStore } from '../pipeline/stale-stage.js';
import { createVoteStage, type VoteStageStore } from '../pipeline/vote-stage.js';
import type { HeartbeatStore, MembershipStore } from '../store/ledger-store.js';

/** Reconcile periods: changefeeds make stages react sooner; these bound the delay without them. */
export interface StageTimings {
  blockIntervalMs: number;
  voteIntervalMs: number;
  electionIntervalMs: number;
}

export const DEFAULT_TIMINGS: StageTimings = {
  blockIntervalMs: 1_000,
  voteIntervalMs: 2_000,
  electionIntervalMs: 3_000,
};

/** What the stages together read and write. */
export type StagesStore = BlockStageStore &
  VoteStageStore &
  ElectionStageStore &
  StaleStageStore &
  HeartbeatStore &
  MembershipStore;

export function createStages(
  ctx: PipelineContext<StagesStore>,
  config: NodeConfig,
  timings: Partial<StageTimings> = {},
): Stage[] {
  const t = { ...DEFAULT_TIMINGS, ...timings };
  return [
    createBlockStage(ctx, {
      maxTxs: config.block.max_transactions,
      maxWaitMs: config.block.flush_interval_ms,
      intervalMs: t.blockIntervalMs,
    }),
    createVoteStage(ctx, { intervalMs: t.voteIntervalMs }),
    createElectionStage(ctx, { intervalMs: t.electionIntervalMs }),
    createStaleStage(ctx, {
      reassignDelaySec: config.backlog_reassign_delay,
      intervalMs: config.liveness.heartbeat_interval_ms,
    }),
    createHeartbeatStage(ctx, { intervalMs: config.liveness.heartbeat_interval_ms }),
    createMembershipStage(ctx),
  ];
}
