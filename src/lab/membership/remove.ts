import type { LabContext } from '../context.js';
import { readPublicBundle } from '../exchange/public-bundle.js';
import type { Federation } from '../federation/model.js';
import type { FederationPaths } from '../material/paths.js';
import { operatorProjectOf } from '../up/projects.js';
import { probeTransaction } from '../up/wait-ready.js';
import { applyPlanFiles } from './apply-plan.js';
import { clusterCliOf } from './cluster-access.js';
import { decide, describeVotes, memberKey, pinRoot } from './governance.js';
import { MembershipCli } from './membership-cli.js';
import { checkRejectBy, planRemoval, requireMember, type MembershipPlan } from './plan.js';
import { rosterFederation, runnerOf } from './roster.js';
import { loadRoster } from './roster-store.js';
import { resultFor } from './result.js';
import type { GovernanceOptions, MembershipResult } from './types.js';

/**
 * `fedlab remove`: the members vote on removing one of them. Approved: its containers stop and
 * are removed (its files and data volume are kept), the tables get min(replicas, members)
 * replicas on the remaining servers, the remaining members' keyrings and join= lines lose it, and
 * a probe transaction must become VALID on every remaining node. Its key's blocks and votes in
 * new epochs no longer count, and its backlog goes to live members: that is the nodes' part.
 */
export async function removeOperator(
  ctx: LabContext,
  federation: string,
  operator: string,
  options: GovernanceOptions & { federationFile?: Federation } = {},
): Promise<MembershipResult> {
  const startedAt = performance.now();
  const timingsFrom = ctx.progress.timings.length;
  const { roster, paths } = await loadRoster(ctx, federation, options.federationFile);
  const spec = requireMember(roster, operator);
  checkRejectBy(roster, options.rejectBy);
  const bundles = await Promise.all(
    roster.operators.map((op) => readPublicBundle(paths.publicBundle(op.name))),
  );
  const plan = planRemoval(roster, bundles, operator);
  const cli = new MembershipCli(ctx, paths);
  const decided = await decide(
    ctx,
    cli,
    roster,
    operator,
    (current) => ({ kind: 'remove', operator, previousKey: memberKey(current, operator) }),
    options,
  );
  ctx.progress.note(`votes: ${describeVotes(decided.votes, decided.answer.tally)}`);
  const notes: string[] = [];
  const result = resultFor(ctx, {
    federation,
    operator,
    change: 'remove',
    decided,
    startedAt,
    timingsFrom,
    notes,
  });
  if (!decided.answer.record) {
    notes.push(`not removed: nothing changed`);
    return result();
  }
  await pinRoot(paths, plan.roster.operators, decided, notes);
  await ctx.progress.step(
    `stop and remove ${operator}'s containers (its files and data volume are kept)`,
    () => ctx.compose.down(operatorProjectOf(spec, paths), { volumes: false }),
  );
  await afterRemoval(ctx, plan, paths, operator, notes);
  return result(roster.engine === 'rethinkdb' ? plan.replicas : undefined);
}

async function afterRemoval(
  ctx: LabContext,
  plan: MembershipPlan,
  paths: FederationPaths,
  operator: string,
  notes: string[],
): Promise<void> {
  const { progress } = ctx;
  const { roster } = plan;
  if (roster.engine === 'rethinkdb') {
    const cluster = await clusterCliOf(ctx, roster, paths, runnerOf(roster));
    await progress.step(`set every table to ${plan.replicas} replicas on the remaining servers`, () =>
      cluster.setReplicas(plan.replicas),
    );
  }
  await progress.step('rewrite the remaining keyrings and join= lists', () =>
    applyPlanFiles(paths, plan, operator),
  );
  notes.push(`${operator}'s directory is kept; its public bundle moved to former/`);
  if (roster.policy.create !== 'anyone') {
    notes.push(
      'policy.create lists who may CREATE, so the lab cannot post a probe to see the members commit',
    );
    return;
  }
  const id = await progress.step('the remaining members still commit (probe VALID on every node)', (detail) =>
    probeTransaction(rosterFederation(roster), ctx, detail),
  );
  notes.push(`probe ${id} VALID on ${roster.operators.map((op) => op.name).join(', ')}`);
}
