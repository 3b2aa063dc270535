import type { MembershipChange, MembershipRecord } from '../../protocol/membership/index.js';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabContext } from '../context.js';
import { readPublicBundle } from '../exchange/public-bundle.js';
import type { Federation, OperatorSpec } from '../federation/model.js';
import { LABEL_OPERATOR, LABEL_ROLE } from '../federation/names.js';
import { readNodeConfig, writeNodeConfig } from '../material/node-config.js';
import { nodeEnvironment } from '../material/operator-material.js';
import type { FederationPaths } from '../material/paths.js';
import { nodeCliFor } from '../up/prepare-files.js';
import { applyPlanFiles } from './apply-plan.js';
import { decide, describeVotes, memberKey, pinRoot, type Decided } from './governance.js';
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

/**
 * `fedlab rotate-key`: the operator's node image makes a new keypair (beside its config, not in
 * it), the new key signs its possession, the members vote. Approved: a new epoch names the new
 * key (the old one no longer counts for new blocks and votes), its .bigchaindb takes the new
 * keypair, its bundle and the others' keyrings follow, its node restarts and votes with the new
 * key. Rejected: the new keypair is deleted; nothing else changed.
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
    decided = await decide(ctx, new MembershipCli(ctx, paths), roster, operator, change, {
      ...options,
      possessionDir: staging,
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  ctx.progress.note(`votes: ${describeVotes(decided.votes, decided.answer.tally)}`);
  const notes: string[] = [];
  if (!decided.answer.record) {
    await rm(staging, { recursive: true, force: true });
    notes.push(`not rotated: the new keypair was deleted; ${operator} keeps its key`);
  } else {
    const node = containers.find(
      (c) => c.labels[LABEL_OPERATOR] === operator && c.labels[LABEL_ROLE] === 'node',
    );
    await pinRoot(paths, roster.operators, decided, notes);
    await takeNewKey(ctx, roster, paths, spec, newKey, node?.id, notes);
  }
  const change = 'rotate-key' as const;
  return membershipResult(ctx, { federation, operator, change, decided, startedAt, timingsFrom, notes });
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

/** After approval: config, bundle and keyrings take the new key; the node restarts and votes. */
async function takeNewKey(
  ctx: LabContext,
  roster: Roster,
  paths: FederationPaths,
  spec: OperatorSpec,
  newKey: string,
  nodeId: string | undefined,
  notes: string[],
): Promise<void> {
  const { progress } = ctx;
  const name = spec.name;
  const bundles = await Promise.all(
    roster.operators.map((op) => readPublicBundle(paths.publicBundle(op.name))),
  );
  const plan = planRotation(roster, bundles, name, newKey);
  await progress.step(`${name}'s .bigchaindb takes the new keypair`, async () => {
    const staging = rotationDir(paths, name);
    const staged = await readNodeConfig(join(staging, '.bigchaindb'));
    const config = await readNodeConfig(paths.nodeConfig(name));
    await writeNodeConfig(paths.nodeConfig(name), { ...config, keypair: staged.keypair });
    await rm(staging, { recursive: true, force: true });
  });
  await progress.step("publish its bundle; rewrite the others' keyrings", () => applyPlanFiles(paths, plan));
  if (nodeId === undefined) {
    notes.push(`${name} has no node container: it takes the new key when it starts`);
    return;
  }
  await progress.step(`restart ${name}'s node`, () => ctx.docker.controlContainer(nodeId, 'restart'));
  await progress.step(`wait for ${name}'s node with its new key`, () => waitForIdentity(ctx, spec, newKey));
  if (roster.policy.create !== 'anyone') return;
  const voter = { name, publicKey: newKey };
  const voted = await progress.step(`${name} votes with its new key`, () =>
    waitForVote(ctx, runnerOf(roster, name), voter, { rotated: name }),
  );
  notes.push(`${name} voted with its new key on block ${voted.block}`);
}
