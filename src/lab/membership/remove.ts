import type { LabContext } from '../context.js';
import { readPublicBundle } from '../exchange/public-bundle.js';
import type { Federation } from '../federation/model.js';
import type { FederationPaths } from '../material/paths.js';
import { operatorProjectOf } from '../up/projects.js';
import { probeTransaction } from '../up/wait-ready.js';
import { applyPlanFiles } from './apply-plan.js';
import { clusterCliOf } from './cluster-access.js';
import { decidedFromChain, namesByKey, waitForDrain } from './drain.js';
import { finishChange, refuseOtherUnfinished, type FinishStep } from './finish.js';
import { decide, describeVotes, memberKey, pinRoot, type Decided } from './governance.js';
import { planOf, readJournal, writeJournal, type ChangeJournal } from './journal.js';
import { MembershipCli } from './membership-cli.js';
import { checkRejectBy, planRemoval, requireMember } from './plan.js';
import { rosterFederation, runnerOf } from './roster.js';
import { loadRoster } from './roster-store.js';
import { resultFor } from './result.js';
import type { GovernanceOptions, MembershipResult, Roster } from './types.js';

interface Committed {
  decided: Decided;
  journal: ChangeJournal;
  names: Map<string, string>;
}

/**
 * `fedlab remove`: the members vote on removing one of them. Approved (a new epoch without it):
 * its node keeps running until no undecided block names its key (issue 16: such a block is
 * elected by its own epoch's members, the removed key among them), then its containers stop and
 * are removed (its files and data volume are kept), the tables get min(replicas, members)
 * replicas on the remaining servers, the remaining members' keyrings and join= lines lose it, and
 * a probe transaction must become VALID on every remaining node. A step that fails after the
 * commit says what was committed and what remains; the same command again finishes it.
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
  const cli = new MembershipCli(ctx, paths);
  const resumed = refuseOtherUnfinished(await readJournal(paths), 'remove', operator);
  const notes: string[] = [];
  const committed = resumed
    ? await resume(ctx, cli, resumed)
    : await propose(ctx, cli, roster, paths, operator, options);
  if ('rejected' in committed) {
    notes.push('not removed: nothing changed');
    return resultFor(ctx, { ...facts(committed.rejected), notes })();
  }
  const { decided, journal, names } = committed;
  const plan = planOf(journal);
  await pinRoot(paths, plan.roster.operators, decided, notes);
  await finishChange(ctx, paths, journal, removalSteps(ctx, cli, journal, paths, names, notes));
  return resultFor(ctx, { ...facts(decided), notes })(
    plan.roster.engine === 'rethinkdb' ? plan.replicas : undefined,
  );

  function facts(decided: Decided) {
    return { federation, operator, change: 'remove' as const, decided, startedAt, timingsFrom };
  }
}

/** The vote; approved: the journal of what follows (written by finishChange before any step). */
async function propose(
  ctx: LabContext,
  cli: MembershipCli,
  roster: Roster,
  paths: FederationPaths,
  operator: string,
  options: GovernanceOptions,
): Promise<Committed | { rejected: Decided }> {
  const spec = requireMember(roster, operator);
  checkRejectBy(roster, options.rejectBy);
  const bundles = await Promise.all(
    roster.operators.map((op) => readPublicBundle(paths.publicBundle(op.name))),
  );
  const plan = planRemoval(roster, bundles, operator);
  const change = (current: Decided['current']) =>
    ({ kind: 'remove', operator, previousKey: memberKey(current, operator) }) as const;
  const decided = await decide(ctx, cli, roster, operator, change, options);
  ctx.progress.note(`votes: ${describeVotes(decided.votes, decided.answer.tally)}`);
  const record = decided.answer.record;
  if (!record) return { rejected: decided };
  const journal: ChangeJournal = {
    change: 'remove',
    operator,
    epoch: record.epoch,
    recordId: record.id,
    members: record.members,
    departingKey: memberKey(decided.current, operator),
    spec,
    plan: { roster: plan.roster, bundles: [...plan.bundles], replicas: plan.replicas },
    done: [],
  };
  await writeJournal(paths, journal); // committed: from here on, a run again resumes
  return { decided, journal, names: namesByKey([decided.current, record]) };
}

/** A committed removal the lab did not finish: its decision as the chain holds it. */
async function resume(ctx: LabContext, cli: MembershipCli, journal: ChangeJournal): Promise<Committed> {
  const runner = runnerOf(journal.plan.roster);
  const view = await ctx.progress.step(
    `resume: epoch ${journal.epoch} removed ${journal.operator} (read by ${runner.name})`,
    () => cli.show(runner),
  );
  return { decided: decidedFromChain(view, journal), journal, names: namesByKey(view.epochs) };
}

function removalSteps(
  ctx: LabContext,
  cli: MembershipCli,
  journal: ChangeJournal,
  paths: FederationPaths,
  names: ReadonlyMap<string, string>,
  notes: string[],
): FinishStep[] {
  const plan = planOf(journal);
  const { roster } = plan;
  const operator = journal.operator;
  const departing = { who: `${operator}'s key`, key: journal.departingKey ?? '' };
  const steps: FinishStep[] = [
    {
      key: 'drain',
      title: `wait until no undecided block names ${operator}'s key (its node votes on them meanwhile)`,
      run: (detail) => waitForDrain(ctx, cli, runnerOf(roster), departing, names, detail),
    },
    {
      key: 'stop',
      title: `stop and remove ${operator}'s containers (its files and data volume are kept)`,
      run: () => ctx.compose.down(operatorProjectOf(journal.spec, paths), { volumes: false }),
    },
  ];
  if (roster.engine === 'rethinkdb')
    steps.push({
      key: 'replicas',
      title: `set every table to ${plan.replicas} replicas on the remaining servers`,
      run: async () => (await clusterCliOf(ctx, roster, paths, runnerOf(roster))).setReplicas(plan.replicas),
    });
  steps.push({
    key: 'files',
    title: 'rewrite the remaining keyrings and join= lists',
    run: async () => {
      await applyPlanFiles(paths, plan, operator);
      notes.push(`${operator}'s directory is kept; its public bundle moved to former/`);
    },
  });
  if (roster.policy.create !== 'anyone') {
    notes.push(
      'policy.create lists who may CREATE, so the lab cannot post a probe to see the members commit',
    );
    return steps;
  }
  steps.push({
    key: 'probe',
    title: 'the remaining members still commit (probe VALID on every node)',
    run: async (detail) => {
      const id = await probeTransaction(rosterFederation(roster), ctx, detail);
      notes.push(`probe ${id} VALID on ${roster.operators.map((op) => op.name).join(', ')}`);
    },
  });
  return steps;
}
