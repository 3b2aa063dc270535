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
import type { FinishStep } from './finish.js';
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

/**
 * After approval: files, then the candidate's server, user, replicas, node, and its first vote,
 * as steps of the committed change (finish.ts); each is safe to run again.
 */
export function joinSteps(
  ctx: LabContext,
  plan: MembershipPlan,
  candidate: OperatorSpec,
  paths: FederationPaths,
  notes: string[],
): FinishStep[] {
  const { roster } = plan;
  const name = candidate.name;
  const project = operatorProjectOf(candidate, paths);
  const cluster = () => clusterCliOf(ctx, roster, paths, runnerOf(roster, name));
  const steps: FinishStep[] = [
    {
      key: 'files',
      title: 'publish its bundle; rewrite every keyring and join= list',
      run: () => applyPlanFiles(paths, plan),
    },
  ];
  if (roster.engine === 'rethinkdb') {
    const n = roster.operators.length;
    steps.push(
      {
        key: 'server',
        title: `start ${name}'s RethinkDB server`,
        run: async () => {
          await ctx.docker.ensureNetwork(
            operatorNetworkName(roster.federation, name),
            labelsFor(roster.federation, 'setup', name),
          );
          await ctx.compose.up(project, [rethinkdbService(name)]);
        },
      },
      {
        key: 'cluster',
        title: `wait until ${n} servers are in the cluster`,
        run: async () => (await cluster()).setAdminPassword(n),
      },
      {
        key: 'user',
        title: `create ${name}'s database user`,
        run: async () => {
          const credentials = configuredCredentials(await readNodeConfig(paths.nodeConfig(name)));
          if (credentials) await (await cluster()).createUsers([credentials]);
        },
      },
      {
        key: 'replicas',
        title: `set every table to ${plan.replicas} replicas`,
        run: async () => (await cluster()).setReplicas(plan.replicas),
      },
    );
  } else {
    notes.push('reqlite: one shared server, no cluster to join, no replicas, no users');
  }
  const bundle = plan.bundles.find((b) => b.operator === name);
  if (!bundle) throw new Error(`the plan has no bundle for ${name}`);
  steps.push(
    {
      key: 'node',
      title: `start ${name}'s node`,
      run: () => ctx.compose.up(project, [nodeService(name)]),
    },
    {
      key: 'identity',
      title: `wait for ${name}'s node API`,
      run: () => waitForIdentity(ctx, candidate, bundle.publicKey),
    },
  );
  if (roster.policy.create !== 'anyone') {
    notes.push(
      'policy.create lists who may CREATE, so the lab cannot post a probe to see the new member vote',
    );
    return steps;
  }
  steps.push({
    key: 'vote',
    title: `${name} votes on a new block`,
    run: async () => {
      const voter = { name, publicKey: bundle.publicKey };
      const voted = await waitForVote(ctx, runnerOf(roster, name), voter, { admitted: name });
      notes.push(`${name} voted on block ${voted.block} (probe ${voted.transaction})`);
    },
  });
  return steps;
}
