import { mkdir, writeFile } from 'node:fs/promises';
import { renderOperatorCompose } from '../compose/operator-compose.js';
import { renderSharedDatabaseCompose } from '../compose/shared-database-compose.js';
import type { LabContext } from '../context.js';
import { applyExchange, publishBundles } from '../exchange/apply-exchange.js';
import type { ExchangeEntry } from '../exchange/plan.js';
import type { PublicBundle } from '../exchange/public-bundle.js';
import { designatedOperator, type Engine, type Federation } from '../federation/model.js';
import { labelsFor } from '../federation/names.js';
import { ensureAdminPassword } from '../material/database-credentials.js';
import { DockerNodeCli, type NodeCli } from '../material/node-cli.js';
import { applyPolicy, prepareOperatorMaterial } from '../material/operator-material.js';
import { FederationPaths } from '../material/paths.js';
import { allSettledOrThrow } from '../../shared/all-settled.js';

export interface PreparedFiles {
  paths: FederationPaths;
  bundles: PublicBundle[];
  exchange: ExchangeEntry[];
}

export function nodeCliFor(federation: Federation, ctx: LabContext): NodeCli {
  return new DockerNodeCli(ctx.docker, {
    image: ctx.images.node,
    labels: labelsFor(federation.name, 'setup'),
    ...(ctx.nodeUser === undefined ? {} : { user: ctx.nodeUser }),
  });
}

/**
 * Each operator's own material, then the exchange of public bundles. With rethinkdb, the
 * designated operator's directory also gets the cluster's admin password (made once, 0600).
 */
export async function prepareMaterial(
  federation: Federation,
  engine: Engine,
  ctx: LabContext,
  nodeCli = nodeCliFor(federation, ctx),
): Promise<PreparedFiles> {
  const paths = new FederationPaths(ctx.stateDir, federation.name);
  const bundles = await allSettledOrThrow(
    federation.operators.map((op) => prepareOperatorMaterial(federation, engine, op, paths, nodeCli)),
  );
  if (engine === 'rethinkdb')
    await ensureAdminPassword(paths.adminPassword(designatedOperator(federation).name));
  await allSettledOrThrow(
    federation.operators.map((op) => applyPolicy(paths.nodeConfig(op.name), federation.policy)),
  );
  await publishBundles(paths, bundles);
  const exchange = await applyExchange(federation, paths);
  return { paths, bundles, exchange };
}

/** Writes every operator's compose file (and the shared reqlite server's, for that engine). */
export async function writeComposeFiles(
  federation: Federation,
  engine: Engine,
  paths: FederationPaths,
  ctx: LabContext,
): Promise<void> {
  for (const operator of federation.operators) {
    const yaml = renderOperatorCompose({
      federation: federation.name,
      network: federation.network,
      operator,
      engine,
      images: { node: ctx.images.node, rethinkdb: ctx.images.rethinkdb },
      publishDatabase: federation.database.publish,
      ...(ctx.nodeUser === undefined ? {} : { nodeUser: ctx.nodeUser }),
    });
    await writeFile(paths.composeFile(operator.name), yaml, { mode: 0o644 });
  }
  if (engine === 'reqlite') {
    await mkdir(paths.databaseDir, { recursive: true });
    const yaml = renderSharedDatabaseCompose({
      federation: federation.name,
      network: federation.network,
      image: ctx.images.reqlite,
      rethinkdbHosts: federation.operators.map((op) => op.rethinkdbHost),
    });
    await writeFile(paths.databaseComposeFile, yaml, { mode: 0o644 });
  }
}
