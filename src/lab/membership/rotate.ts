import type { MembershipChange, MembershipRecord } from '../../protocol/membership/index.js';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabContext } from '../context.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import { readPublicBundle } from '../exchange/public-bundle.js';
import type { Federation, OperatorSpec } from '../federation/model.js';
import { LABEL_OPERATOR, LABEL_ROLE } from '../federation/names.js';
import { readNodeConfig, writeNodeConfig } from '../material/node-config.js';
import { nodeEnvironment } from '../material/operator-material.js';
import type { FederationPaths } from '../material/paths.js';
import { nodeCliFor } from '../up/prepare-files.js';
import { applyPlanFiles } from './apply-plan.js';
import { MembershipUsageError } from './errors.js';
import { decidedFromChain, namesByKey, waitForDrain } from './drain.js';
import { finishChange, refuseOtherUnfinished, type FinishStep } from './finish.js';
import { decide, describeVotes, memberKey, pinRoot, type Decided } from './governance.js';
import { planOf, readJournal, writeJournal, type ChangeJournal } from './journal.js';
import { MembershipCli } from './membership-cli.js';
import { checkRejectBy, planRotation, requireMember } from './plan.js';
import { rosterFederation, runnerOf } from './roster.js';
import { loadRoster } from './roster-store.js';
import { membershipResult } from './result.js';
import type { GovernanceOptions, MembershipResult, Roster } from './types.js';
import { waitForIdentity, waitForVote } from './wait-votes.js';

/** Where a new keypair waits for the vote (inside the operator's own directory, 0700). */
export const rotationDir = (paths: FederationPaths, operator: string): string =>
  join(paths.operatorDir(operator), 'rotation');

interface Committed {
  decided: Decided;
  journal?: ChangeJournal;
  names: Map<string, string>;
}

/**
 * `fedlab rotate-key`: the operator's node image makes a new keypair (beside its config, not in
 * it), the new key signs its possession, the members vote. Approved: a new epoch names the new
 * key (the old one no longer counts for new blocks and votes); the node keeps its old key until
 * no undecided block names it (issue 16: those blocks are elected by their own epoch's members,
 * the old key among them), then its .bigchaindb takes the new keypair, its bundle and the
 * others' keyrings follow, its node restarts and votes with the new key. Rejected: the new
 * keypair is deleted; nothing else changed. A step that fails after the commit says what was
 * committed and what remains; the same command again finishes it.
 */
export async function rotateKey(
  ctx: LabContext,
  federation: string,
  operator: string,
  options: GovernanceOptions & { federationFile?: Federation } = {},
): Promise<MembershipResult> {
  const startedAt = performance.now();
  const timingsFrom = ctx.progress.timings.length;
  const { roster, paths, containers } = await loadRoster(ctx, federation, options.federationFile);
  const cli = new MembershipCli(ctx, paths);
  const resumed = refuseOtherUnfinished(await readJournal(paths), 'rotate-key', operator);
  const notes: string[] = [];
  const { decided, journal, names } = resumed
    ? await resume(ctx, cli, resumed)
    : await propose(ctx, cli, roster, paths, operator, options);
  if (!journal) {
    notes.push(`not rotated: the new keypair was deleted; ${operator} keeps its key`);
  } else {
    await pinRoot(paths, journal.plan.roster.operators, decided, notes);
    const node = containers.find(
      (c) => c.labels[LABEL_OPERATOR] === operator && c.labels[LABEL_ROLE] === 'node',
    );
    await finishChange(ctx, paths, journal, rotationSteps(ctx, cli, journal, paths, node, names, notes));
  }
  const change = 'rotate-key' as const;
  return membershipResult(ctx, { federation, operator, change, decided, startedAt, timingsFrom, notes });
}

/** The new keypair and the vote; approved: the journal of what follows. */
async function propose(
  ctx: LabContext,
  cli: MembershipCli,
  roster: Roster,
  paths: FederationPaths,
  operator: string,
  options: GovernanceOptions,
): Promise<Committed> {
  const spec = requireMember(roster, operator);
  checkRejectBy(roster, options.rejectBy);
  const staging = rotationDir(paths, operator);
  const newKey = await ctx.progress.step(`${operator}'s node makes a new keypair`, () =>
    makeKeypair(ctx, roster, spec, staging),
  );
  let decided: Decided;
  try {
    const change = (current: MembershipRecord): MembershipChange => ({
      kind: 'rotate-key',
      operator,
      previousKey: memberKey(current, operator),
      publicKey: newKey,
    });
    decided = await decide(ctx, cli, roster, operator, change, { ...options, possessionDir: staging });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  ctx.progress.note(`votes: ${describeVotes(decided.votes, decided.answer.tally)}`);
  const record = decided.answer.record;
  const names = namesByKey([decided.current, ...(record ? [record] : [])]);
  if (!record) {
    await rm(staging, { recursive: true, force: true });
    return { decided, names };
  }
  const bundles = await Promise.all(
    roster.operators.map((op) => readPublicBundle(paths.publicBundle(op.name))),
  );
  const plan = planRotation(roster, bundles, operator, newKey);
  const journal: ChangeJournal = {
    change: 'rotate-key',
    operator,
    epoch: record.epoch,
    recordId: record.id,
    members: record.members,
    departingKey: memberKey(decided.current, operator),
    newKey,
    spec,
    plan: { roster: plan.roster, bundles: [...plan.bundles], replicas: plan.replicas },
    done: [],
  };
  await writeJournal(paths, journal); // committed: from here on, a run again resumes
  return { decided, journal, names };
}

/** A committed rotation the lab did not finish: its decision as the chain holds it. */
async function resume(ctx: LabContext, cli: MembershipCli, journal: ChangeJournal): Promise<Committed> {
  const runner = runnerOf(journal.plan.roster, journal.operator);
  const view = await ctx.progress.step(
    `resume: epoch ${journal.epoch} gave ${journal.operator} a new key (read by ${runner.name})`,
    () => cli.show(runner),
  );
  return { decided: decidedFromChain(view, journal), journal, names: namesByKey(view.epochs) };
}

/** A fresh keypair by the operator's own node image, in the staging directory; its public key. */
async function makeKeypair(
  ctx: LabContext,
  roster: Roster,
  spec: OperatorSpec,
  staging: string,
): Promise<string> {
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  await chmod(staging, 0o700);
  const nodeCli = nodeCliFor(rosterFederation(roster), ctx);
  await nodeCli.configure(staging, nodeEnvironment(spec));
  return nodeCli.exportPubkey(staging);
}

/**
 * After approval: the old key drains; then config, bundle and keyrings take the new key; the
 * node restarts and votes.
 */
function rotationSteps(
  ctx: LabContext,
  cli: MembershipCli,
  journal: ChangeJournal,
  paths: FederationPaths,
  node: ContainerInfo | undefined,
  names: ReadonlyMap<string, string>,
  notes: string[],
): FinishStep[] {
  const plan = planOf(journal);
  const { roster } = plan;
  const name = journal.operator;
  const newKey = journal.newKey ?? '';
  const departing = { who: `${name}'s old key`, key: journal.departingKey ?? '' };
  const steps: FinishStep[] = [
    {
      key: 'drain',
      title: `wait until no undecided block names ${name}'s old key (its node votes on them meanwhile)`,
      run: (detail) => waitForDrain(ctx, cli, runnerOf(roster, name), departing, names, detail),
    },
    {
      key: 'config',
      title: `${name}'s .bigchaindb takes the new keypair`,
      run: () => takeStagedKeypair(paths, name, newKey),
    },
    {
      key: 'files',
      title: "publish its bundle; rewrite the others' keyrings",
      run: () => applyPlanFiles(paths, plan),
    },
  ];
  if (node === undefined) {
    notes.push(`${name} has no node container: it takes the new key when it starts`);
    return steps;
  }
  steps.push(
    {
      key: 'restart',
      title: `restart ${name}'s node`,
      run: () => ctx.docker.controlContainer(node.id, 'restart'),
    },
    {
      key: 'identity',
      title: `wait for ${name}'s node with its new key`,
      run: () => waitForIdentity(ctx, journal.spec, newKey),
    },
  );
  if (roster.policy.create !== 'anyone') return steps;
  steps.push({
    key: 'vote',
    title: `${name} votes with its new key`,
    run: async () => {
      const voter = { name, publicKey: newKey };
      const voted = await waitForVote(ctx, runnerOf(roster, name), voter, { rotated: name });
      notes.push(`${name} voted with its new key on block ${voted.block}`);
    },
  });
  return steps;
}

/** The staged keypair into the operator's config (already there: a run again after a failure). */
async function takeStagedKeypair(paths: FederationPaths, name: string, newKey: string): Promise<void> {
  const config = await readNodeConfig(paths.nodeConfig(name));
  const staging = rotationDir(paths, name);
  if (config.keypair.public !== newKey) {
    const staged = await readNodeConfig(join(staging, '.bigchaindb'));
    if (staged.keypair.public !== newKey)
      throw new MembershipUsageError(
        `the keypair staged in ${staging} is ${String(staged.keypair.public)}, not the committed new key ${newKey}`,
        { operator: name },
      );
    await writeNodeConfig(paths.nodeConfig(name), { ...config, keypair: staged.keypair });
  }
  await rm(staging, { recursive: true, force: true });
}
