import { access, rm } from 'node:fs/promises';
import type { LabContext } from '../context.js';
import { PortConflictError } from '../errors.js';
import { readPublicBundle } from '../exchange/public-bundle.js';
import type { Federation, OperatorSpec } from '../federation/model.js';
import type { FederationPaths } from '../material/paths.js';
import { portIsFree } from '../up/check-ports.js';
import { prepareCandidate } from './candidate-material.js';
import { AlreadyMemberError } from './errors.js';
import { decide, describeVotes, pinRoot, type Decided } from './governance.js';
import { decidedFromChain } from './drain.js';
import { finishChange, refuseOtherUnfinished } from './finish.js';
import { admitChange, joinSteps } from './join-candidate.js';
import { planOf, readJournal, writeJournal, type ChangeJournal } from './journal.js';
import { MembershipCli } from './membership-cli.js';
import { checkRejectBy, planAdmission, type MembershipPlan } from './plan.js';
import { candidateSpec, runnerOf } from './roster.js';
import { loadRoster } from './roster-store.js';
import { resultFor } from './result.js';
import type { AdmitOptions, MembershipResult, Roster } from './types.js';

/** The candidate's material, the plan, the decision; on any failure its new material is removed. */
async function propose(
  ctx: LabContext,
  roster: Roster,
  candidate: OperatorSpec,
  paths: FederationPaths,
  options: AdmitOptions,
  existed: boolean,
): Promise<{ plan: MembershipPlan; decided: Decided }> {
  const dir = paths.operatorDir(candidate.name);
  try {
    const bundle = await ctx.progress.step(
      `${candidate.name} generates its keys, database config and compose file`,
      () => prepareCandidate(ctx, roster, candidate, paths),
    );
    const bundles = await Promise.all(
      roster.operators.map((op) => readPublicBundle(paths.publicBundle(op.name))),
    );
    const plan = planAdmission(roster, bundles, candidate, bundle);
    const decided = await decide(
      ctx,
      new MembershipCli(ctx, paths),
      roster,
      candidate.name,
      () => admitChange(bundle, candidate),
      { ...options, possessionDir: dir },
    );
    return { plan, decided };
  } catch (error) {
    if (!existed) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `fedlab admit`: the candidate makes its material, the members vote, the rule decides. Approved:
 * the lab's files follow (bundles, keyrings, join= lines, roster), its RethinkDB server joins the
 * cluster, its node user is created, tables get min(replicas, members) replicas, its node starts
 * and votes on a new block. Rejected (or undecided): the candidate's material is removed and
 * nothing else has changed. A step that fails after the commit says what was committed and what
 * remains; the same command again finishes it (issue 16).
 */
export async function admitOperator(
  ctx: LabContext,
  federation: string,
  operator: string,
  options: AdmitOptions & { federationFile?: Federation } = {},
): Promise<MembershipResult> {
  const startedAt = performance.now();
  const timingsFrom = ctx.progress.timings.length;
  const { roster, paths } = await loadRoster(ctx, federation, options.federationFile);
  const resumed = refuseOtherUnfinished(await readJournal(paths), 'admit', operator);
  const notes: string[] = [];
  const committed = resumed
    ? await resume(ctx, new MembershipCli(ctx, paths), resumed)
    : await admission(ctx, roster, paths, operator, options);
  const result = resultFor(ctx, {
    federation,
    operator,
    change: 'admit',
    decided: committed.decided,
    startedAt,
    timingsFrom,
    notes,
  });
  const { journal } = committed;
  if (!journal) {
    notes.push(`not admitted: ${operator}'s material was removed; nothing else changed`);
    return result();
  }
  const plan = planOf(journal);
  // Issue 16: the candidate's node resolves from the federation's root, not from its keyring.
  await pinRoot(paths, plan.roster.operators, committed.decided, notes);
  await finishChange(ctx, paths, journal, joinSteps(ctx, plan, journal.spec, paths, notes));
  return result(plan.roster.engine === 'rethinkdb' ? plan.replicas : undefined);
}

/** Checks, the candidate's material and the vote; approved: the journal of what follows. */
async function admission(
  ctx: LabContext,
  roster: Roster,
  paths: FederationPaths,
  operator: string,
  options: AdmitOptions,
): Promise<{ decided: Decided; journal?: ChangeJournal }> {
  if (roster.operators.some((op) => op.name === operator))
    throw new AlreadyMemberError(roster.federation, operator);
  checkRejectBy(roster, options.rejectBy);
  const candidate = candidateSpec(roster, operator, options);
  if (!(await portIsFree(candidate.apiPort)))
    throw new PortConflictError(
      candidate.apiPort,
      'in use',
      `pick a free one for ${operator}: --api-port PORT`,
    );
  const dir = paths.operatorDir(operator);
  const existed = await exists(dir);
  const { plan, decided } = await propose(ctx, roster, candidate, paths, options, existed);
  ctx.progress.note(`votes: ${describeVotes(decided.votes, decided.answer.tally)}`);
  const record = decided.answer.record;
  if (!record) {
    if (!existed) await rm(dir, { recursive: true, force: true });
    return { decided };
  }
  const journal: ChangeJournal = {
    change: 'admit',
    operator,
    epoch: record.epoch,
    recordId: record.id,
    members: record.members,
    spec: candidate,
    plan: { roster: plan.roster, bundles: [...plan.bundles], replicas: plan.replicas },
    done: [],
  };
  await writeJournal(paths, journal); // committed: from here on, a run again resumes
  return { decided, journal };
}

/** A committed admission the lab did not finish: its decision as the chain holds it. */
async function resume(
  ctx: LabContext,
  cli: MembershipCli,
  journal: ChangeJournal,
): Promise<{ decided: Decided; journal: ChangeJournal }> {
  const runner = runnerOf(journal.plan.roster, journal.operator);
  const view = await ctx.progress.step(
    `resume: epoch ${journal.epoch} admitted ${journal.operator} (read by ${runner.name})`,
    () => cli.show(runner),
  );
  return { decided: decidedFromChain(view, journal), journal };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
