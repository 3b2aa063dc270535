/**
 * One engine's bench run: bring up its database (reqlite process, or the RethinkDB cluster),
 * start the three nodes, run the load, print the details, tear everything down. Never throws:
 * a failure becomes the outcome's `problem` (printed), so the other engine still runs.
 */
import { performance } from 'node:perf_hooks';
import { describeError } from '../shared/errors.js';
import { imageVersions } from '../shared/images.js';
import type { Keypair } from '../node/core/index.js';
import type { RunningNode } from '../node/runtime/index.js';
import {
  benchKeys,
  prepareReplicatedSchema,
  startBenchNodes,
  stopNodes,
  type Endpoint,
} from './bench-federation.js';
import { describeRemoved } from './bench-docker.js';
import { loadLines, runLoad, type LoadOptions, type LoadResult } from './load.js';
import { startReqlite } from './reqlite-server.js';
import { startRethinkdbCluster } from './rethinkdb-cluster.js';

export type BenchEngine = 'reqlite' | 'rethinkdb';

export interface EngineOutcome {
  engine: BenchEngine;
  result?: LoadResult;
  /** Database bring-up: reqlite process start, or cluster containers until server_status lists all. */
  bringUpMs?: number;
  problem?: string;
}

export interface EngineRunOptions extends LoadOptions {
  /** reqlite only: an already running server instead of starting one. */
  db: Endpoint | null;
  rethinkdbImage: string;
  runId: string;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function runEngine(engine: BenchEngine, options: EngineRunOptions): Promise<EngineOutcome> {
  console.log(`\n== ${engine}`);
  const outcome: EngineOutcome = { engine };
  try {
    const load = engine === 'reqlite' ? runReqlite : runRethinkdb;
    outcome.result = await load(options, outcome);
    if (options.signal.aborted) outcome.problem = 'interrupted';
  } catch (e) {
    outcome.problem = options.signal.aborted ? 'interrupted' : describeError(e);
  }
  if (outcome.problem !== undefined) console.log(`${engine}: FAILED: ${outcome.problem}`);
  return outcome;
}

async function withNodes(
  endpoints: readonly Endpoint[],
  options: EngineRunOptions,
  before?: (keys: ReturnType<typeof benchKeys>) => Promise<void>,
): Promise<LoadResult> {
  const keys = benchKeys(3);
  await before?.(keys);
  options.signal.throwIfAborted();
  const nodes = await startBenchNodes(keys, endpoints);
  try {
    console.log(`engine: ${(nodes[0] as RunningNode).engine}`);
    const result = await runLoad(nodes, options);
    for (const line of loadLines(result, options.seconds)) console.log(line);
    return result;
  } finally {
    await stopNodes(nodes);
  }
}

async function runReqlite(options: EngineRunOptions, outcome: EngineOutcome): Promise<LoadResult> {
  const server = options.db === null ? await startReqlite() : null;
  const db = options.db ?? { host: '127.0.0.1', port: server?.port ?? 28015 };
  if (server !== null) outcome.bringUpMs = server.bringUpMs;
  console.log(`database: one reqlite process at ${db.host}:${db.port} shared by the 3 nodes`);
  try {
    return await withNodes([db], options);
  } finally {
    server?.stop();
  }
}

async function runRethinkdb(options: EngineRunOptions, outcome: EngineOutcome): Promise<LoadResult> {
  const image = options.rethinkdbImage;
  const pinned = imageVersions();
  const version = image === pinned.images.rethinkdb ? ` ${pinned.rethinkdb.version}` : '';
  console.log(`database: RethinkDB${version} cluster of 3 servers from ${image}, in containers`);
  const cluster = await startRethinkdbCluster({ runId: options.runId, image, signal: options.signal });
  outcome.bringUpMs = cluster.bringUpMs;
  try {
    console.log(
      `cluster: up in ${seconds(cluster.bringUpMs)} (3 servers in server_status), network ${cluster.network}`,
    );
    cluster.servers.forEach((s, i) => {
      console.log(`  node ${i + 1} -> ${s.name} (${s.container}) at ${s.host}:${s.port}`);
    });
    return await withNodes(cluster.servers, options, async (keys) => {
      const started = performance.now();
      const lines = await prepareReplicatedSchema(cluster.servers[0] as Endpoint, keys[0] as Keypair, 3);
      for (const line of lines) console.log(line);
      console.log(`schema: init + set-replicas 3 in ${seconds(performance.now() - started)}`);
    });
  } finally {
    const removed = await cluster.down();
    console.log(`cluster removed: ${describeRemoved(removed)}`);
  }
}
