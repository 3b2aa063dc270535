import type { PublicBundle } from '../exchange/public-bundle.js';
import type { LabContext } from '../context.js';
import type { OperatorSpec } from '../federation/model.js';
import { labelsFor, nodeService, operatorNetworkName, rethinkdbService } from '../federation/names.js';
import { configuredCredentials } from '../material/database-credentials.js';
import { readNodeConfig } from '../material/node-config.js';
import type { FederationPaths } from '../material/paths.js';
import { operatorProjectOf } from '../up/projects.js';
import { applyPlanFiles } from './apply-plan.js';
import { clusterCliOf } from './cluster-access.js';
import type { MembershipPlan } from './plan.js';
import { runnerOf } from './roster.js';
import { waitForIdentity, waitForVote } from './wait-votes.js';

/** The admit change a candidate's bundle proposes. */
export const admitChange = (bundle: PublicBundle, candidate: OperatorSpec) => ({
  kind: 'admit' as const,
  operator: candidate.name,
  publicKey: bundle.publicKey,
  bundle: {
    operator: candidate.name,
    publicKey: bundle.publicKey,
    rethinkdbHost: candidate.rethinkdbHost,
    nodeHost: candidate.nodeHost,
  },
});

/** After approval: files, then the candidate's server, user, replicas, node, and its first vote. */
export async function joinCandidate(
  ctx: LabContext,
  plan: MembershipPlan,
  candidate: OperatorSpec,
  paths: FederationPaths,
  notes: string[],
): Promise<void> {
  const { progress } = ctx;
  const { roster } = plan;
  const name = candidate.name;
  await progress.step('publish its bundle; rewrite every keyring and join= list', () =>
    applyPlanFiles(paths, plan),
  );
  const project = operatorProjectOf(candidate, paths);
  if (roster.engine === 'rethinkdb') {
    await progress.step(`start ${name}'s RethinkDB server`, async () => {
      await ctx.docker.ensureNetwork(
        operatorNetworkName(roster.federation, name),
        labelsFor(roster.federation, 'setup', name),
      );
      await ctx.compose.up(project, [rethinkdbService(name)]);
    });
    const cluster = await clusterCliOf(ctx, roster, paths, runnerOf(roster, name));
    const n = roster.operators.length;
    await progress.step(`wait until ${n} servers are in the cluster`, () => cluster.setAdminPassword(n));
    const credentials = configuredCredentials(await readNodeConfig(paths.nodeConfig(name)));
    if (credentials)
      await progress.step(`create ${name}'s database user`, () => cluster.createUsers([credentials]));
    await progress.step(`set every table to ${plan.replicas} replicas`, () =>
      cluster.setReplicas(plan.replicas),
    );
  } else {
    notes.push('reqlite: one shared server, no cluster to join, no replicas, no users');
  }
  const bundle = plan.bundles.find((b) => b.operator === name);
  if (!bundle) throw new Error(`the plan has no bundle for ${name}`);
  await progress.step(`start ${name}'s node`, () => ctx.compose.up(project, [nodeService(name)]));
  await progress.step(`wait for ${name}'s node API`, () => waitForIdentity(ctx, candidate, bundle.publicKey));
  if (roster.policy.create !== 'anyone') {
    notes.push(
      'policy.create lists who may CREATE, so the lab cannot post a probe to see the new member vote',
    );
    return;
  }
  const voted = await progress.step(`${name} votes on a new block`, () =>
    waitForVote(ctx, runnerOf(roster, name), { name, publicKey: bundle.publicKey }, { admitted: name }),
  );
  notes.push(`${name} voted on block ${voted.block} (probe ${voted.transaction})`);
}
