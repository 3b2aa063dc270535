import { access, rm } from 'node:fs/promises';
import { describeError } from '../../shared/errors.js';
import type { LabContext } from '../context.js';
import { PortConflictError } from '../errors.js';
import { readPublicBundle } from '../exchange/public-bundle.js';
import type { Federation, OperatorSpec } from '../federation/model.js';
import type { FederationPaths } from '../material/paths.js';
import { portIsFree } from '../up/check-ports.js';
import { prepareCandidate } from './candidate-material.js';
import { AlreadyMemberError } from './errors.js';
import { decide, describeVotes, pinRoot, type Decided } from './governance.js';
import { admitChange, joinCandidate } from './join-candidate.js';
import { MembershipCli } from './membership-cli.js';
import { checkRejectBy, planAdmission, type MembershipPlan } from './plan.js';
import { candidateSpec } from './roster.js';
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
 * nothing else has changed.
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
  if (roster.operators.some((op) => op.name === operator)) throw new AlreadyMemberError(federation, operator);
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
  const notes: string[] = [];
  const result = resultFor(ctx, {
    federation,
    operator,
    change: 'admit',
    decided,
    startedAt,
    timingsFrom,
    notes,
  });
  if (!decided.answer.record) {
    if (!existed) await rm(dir, { recursive: true, force: true });
    notes.push(`not admitted: ${operator}'s material was removed; nothing else changed`);
    return result();
  }
  // Issue 16: the candidate's node resolves from the federation's root, not from its keyring.
  await pinRoot(paths, [...roster.operators, candidate], decided, notes);
  try {
    await joinCandidate(ctx, plan, candidate, paths, notes);
  } catch (error) {
    ctx.progress.note(
      `epoch ${decided.answer.record.epoch} admits ${operator} and the lab's files say so, but starting it failed ` +
        `(${describeError(error).split('\n')[0]}); see fedlab logs ${operator}, then: docker compose -p ${candidate.project} -f ${paths.composeFile(operator)} up -d`,
    );
    throw error;
  }
  return result(roster.engine === 'rethinkdb' ? plan.replicas : undefined);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
