import type { ChangeKind, MembershipRecord } from '../../protocol/membership/index.js';
import type { LabContext } from '../context.js';
import type { Decided } from './governance.js';
import type { MembershipResult } from './types.js';

/** The result of a change: the decision, the epoch in force afterwards, how long each step took. */
export function membershipResult(
  ctx: LabContext,
  facts: {
    federation: string;
    operator: string;
    change: ChangeKind;
    decided: Decided;
    startedAt: number;
    timingsFrom: number;
    notes: readonly string[];
    replicas?: number;
  },
): MembershipResult {
  const { decided } = facts;
  const after: MembershipRecord = decided.answer.record ?? decided.current;
  return {
    federation: facts.federation,
    operator: facts.operator,
    change: facts.change,
    outcome: decided.answer.tally.outcome,
    rule: decided.answer.tally.rule,
    votes: decided.votes,
    tally: decided.answer.tally,
    epoch: after.epoch,
    recordId: after.id,
    members: after.members,
    ...(facts.replicas === undefined ? {} : { replicas: facts.replicas }),
    notes: facts.notes,
    timings: ctx.progress.timings.slice(facts.timingsFrom),
    elapsedMs: performance.now() - facts.startedAt,
  };
}

/** The result of one change, once decided: call it with the replicas set afterwards (if any). */
export function resultFor(
  ctx: LabContext,
  facts: Omit<Parameters<typeof membershipResult>[1], 'replicas'>,
): (replicas?: number) => MembershipResult {
  return (replicas) => membershipResult(ctx, { ...facts, ...(replicas === undefined ? {} : { replicas }) });
}
