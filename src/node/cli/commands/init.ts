/**
 * `bigchaindb init [--wait-servers N] [--shards S] [--replicas R] [--timeout SEC]`: create what
 * is missing of the database, tables and indexes (a schema left partial by an interrupted init
 * is completed), wait until all are ready, write the genesis block (signed by this node); with
 * --shards/--replicas, then reconfigure as set-shards/set-replicas do. Refuses when everything
 * already existed (the store's DatabaseExistsError: "already exists").
 */
import { makeGenesisBlock } from '../../core/index.js';
import { requireKeypair, type LoadedConfig } from '../../config/load.js';
import type { InitOptions } from '../../store/ledger-store.js';
import { clusterOptions, type ClusterFlags } from '../cluster-options.js';
import { load, nodeLogger, withStore, type AdminStore, type CliContext } from '../context.js';
import { parseCount } from './reconfigure.js';

export interface InitFlags extends ClusterFlags {
  shards?: string;
  replicas?: string;
}

export async function initDatabase(
  store: AdminStore,
  loaded: LoadedConfig,
  options: Omit<InitOptions, 'genesis'> = {},
): Promise<void> {
  await store.init({ ...options, genesis: makeGenesisBlock(requireKeypair(loaded)) });
}

function layoutOf(flags: InitFlags): { shards?: number; replicas?: number } {
  return {
    ...(flags.shards === undefined ? {} : { shards: parseCount('--shards', flags.shards) }),
    ...(flags.replicas === undefined ? {} : { replicas: parseCount('--replicas', flags.replicas) }),
  };
}

export async function initCommand(ctx: CliContext, flags: InitFlags = {}): Promise<void> {
  const options = clusterOptions(flags);
  const layout = layoutOf(flags);
  const loaded = await load(ctx);
  requireKeypair(loaded);
  const { config } = loaded;
  const logger = nodeLogger(ctx, config, 'init');
  if (options.waitServers !== undefined) await (await ctx.openCluster(config, logger, options)).close();
  await withStore(ctx, config, logger, (store) =>
    initDatabase(store, loaded, { ...layout, timeoutMs: options.timeoutMs }),
  );
  const { name, host, port } = config.database;
  const shape =
    Object.keys(layout).length > 0
      ? ` with ${layout.shards ?? 'unchanged'} shard(s) x ${layout.replicas ?? 'unchanged'} replica(s), write_acks majority`
      : '';
  ctx.io.err(`initialized database "${name}" on ${host}:${port}${shape}`);
}
