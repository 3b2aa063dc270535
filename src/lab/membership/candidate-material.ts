import { writeFile } from 'node:fs/promises';
import { renderOperatorCompose } from '../compose/operator-compose.js';
import type { LabContext } from '../context.js';
import type { PublicBundle } from '../exchange/public-bundle.js';
import type { OperatorSpec } from '../federation/model.js';
import { readNodeConfig, writeNodeConfig } from '../material/node-config.js';
import { applyPolicy, prepareOperatorMaterial } from '../material/operator-material.js';
import type { FederationPaths } from '../material/paths.js';
import { nodeCliFor } from '../up/prepare-files.js';
import { rosterFederation, runnerOf } from './roster.js';
import type { Roster } from './types.js';

/**
 * What a candidate makes on its own, as a founding operator did at `up`: its keypair (by its own
 * node image), .bigchaindb (0600, its own database user), rethinkdb.conf and compose file.
 * Returns its public bundle; nothing is published and nothing starts until the members approve.
 */
export async function prepareCandidate(
  ctx: LabContext,
  roster: Roster,
  candidate: OperatorSpec,
  paths: FederationPaths,
): Promise<PublicBundle> {
  const federation = rosterFederation(roster, [...roster.operators, candidate]);
  const bundle = await prepareOperatorMaterial(
    federation,
    roster.engine,
    candidate,
    paths,
    nodeCliFor(federation, ctx),
  );
  const configFile = paths.nodeConfig(candidate.name);
  if (roster.engine === 'reqlite') {
    // One shared reqlite server; its network aliases are the founders' host names (adding one
    // would recreate it and lose its in-memory data), so the candidate's node uses a founder's.
    const config = await readNodeConfig(configFile);
    const host = runnerOf(roster).rethinkdbHost;
    await writeNodeConfig(configFile, { ...config, database: { ...config.database, host } });
  }
  await applyPolicy(configFile, roster.policy);
  const yaml = renderOperatorCompose({
    federation: roster.federation,
    network: roster.network,
    operator: candidate,
    engine: roster.engine,
    images: { node: ctx.images.node, rethinkdb: ctx.images.rethinkdb },
    publishDatabase: roster.database.publish,
    joinsSecuredCluster: true,
    ...(ctx.nodeUser === undefined ? {} : { nodeUser: ctx.nodeUser }),
  });
  await writeFile(paths.composeFile(candidate.name), yaml, { mode: 0o644 });
  return bundle;
}
