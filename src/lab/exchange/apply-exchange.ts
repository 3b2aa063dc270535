import { writeFile } from 'node:fs/promises';
import type { Federation } from '../federation/model.js';
import { readNodeConfig, writeNodeConfig } from '../material/node-config.js';
import type { FederationPaths } from '../material/paths.js';
import { renderRethinkdbConf } from '../material/rethinkdb-conf.js';
import { planExchange, type ExchangeEntry } from './plan.js';
import { readPublicBundle, writePublicBundle, type PublicBundle } from './public-bundle.js';

/** Publishes every operator's public bundle into the shared public/ directory. */
export async function publishBundles(
  paths: FederationPaths,
  bundles: readonly PublicBundle[],
): Promise<void> {
  for (const bundle of bundles) await writePublicBundle(paths.publicBundle(bundle.operator), bundle);
}

/** Reads back the published bundles of the federation's members, in member order. */
export async function readBundles(federation: Federation, paths: FederationPaths): Promise<PublicBundle[]> {
  return Promise.all(federation.operators.map((op) => readPublicBundle(paths.publicBundle(op.name))));
}

/**
 * Each operator takes what the others published: join= lines into its rethinkdb.conf, their
 * public keys into the keyring of its .bigchaindb (kept 0600). Reads only public bundles.
 */
export async function applyExchange(
  federation: Federation,
  paths: FederationPaths,
): Promise<ExchangeEntry[]> {
  const plan = planExchange(await readBundles(federation, paths));
  for (const entry of plan) {
    const conf = renderRethinkdbConf({
      federation: federation.name,
      operator: entry.operator,
      joins: entry.joins,
      cacheSizeMb: federation.database.cacheSizeMb,
    });
    await writeFile(paths.rethinkdbConf(entry.operator), conf, { mode: 0o644 });
    const configFile = paths.nodeConfig(entry.operator);
    const config = await readNodeConfig(configFile);
    await writeNodeConfig(configFile, { ...config, keyring: [...entry.keyring] });
  }
  return plan;
}
