/**
 * The bench's three in-process nodes, node i connected to endpoint i (one shared reqlite, or its
 * own RethinkDB server, as operators run them). On RethinkDB the schema is made and replicated
 * first through the node's own store code (init, then set-replicas: write_acks majority), and
 * checked through its cluster admin before any load.
 */
import { configSchema } from '../node/config/index.js';
import { generateKeypair, makeGenesisBlock, type Keypair } from '../node/core/index.js';
import { startNode, type RunningNode } from '../node/runtime/index.js';
import { connectLedgerStore, openClusterAdmin } from '../node/store/index.js';
import { createLogger, silentLogger } from '../shared/log.js';

export const BENCH_DB = 'bench';
const SCHEMA_TIMEOUT_MS = 180_000;

export interface Endpoint {
  host: string;
  port: number;
}

export function benchKeys(count = 3): Keypair[] {
  return Array.from({ length: count }, () => generateKeypair());
}

/**
 * `bigchaindb init` then `set-replicas N` as the first operator runs them (genesis by node 0),
 * then a check that every table has N replicas and write_acks majority. Returns summary lines.
 */
export async function prepareReplicatedSchema(
  at: Endpoint,
  genesisKey: Keypair,
  replicas: number,
): Promise<string[]> {
  const store = await connectLedgerStore({ host: at.host, port: at.port, db: BENCH_DB }, silentLogger);
  try {
    await store.init({ genesis: makeGenesisBlock(genesisKey), timeoutMs: SCHEMA_TIMEOUT_MS });
    await store.setReplicas(replicas);
  } finally {
    await store.close();
  }
  const admin = await openClusterAdmin({ host: at.host, port: at.port, timeoutMs: 30_000 }, silentLogger);
  try {
    const status = await admin.status(BENCH_DB);
    const wrong = status.database.tables.filter((t) => t.replicas !== replicas || t.writeAcks !== 'majority');
    if (!status.database.ready || wrong.length > 0) {
      const seen = wrong.map(
        (t) => `${t.name}: ${t.replicas ?? '?'} replica(s), write_acks ${t.writeAcks ?? '?'}`,
      );
      throw new Error(
        `the bench schema is not as asked after set-replicas ${replicas}: ${seen.join('; ') || 'not ready'}`,
      );
    }
    const shards = new Set(status.database.tables.map((t) => t.shards));
    return [
      `servers: ${status.servers.join(', ')}`,
      `tables: ${status.database.tables.length}, each ${[...shards].join('/')} shard(s) x ${replicas} replicas, write_acks majority`,
    ];
  } finally {
    await admin.close();
  }
}

/** Node i connects to endpoints[i % endpoints.length]. */
export async function startBenchNodes(
  keys: readonly Keypair[],
  endpoints: readonly Endpoint[],
): Promise<RunningNode[]> {
  const nodes: RunningNode[] = [];
  try {
    for (const [i, me] of keys.entries()) {
      const db = endpoints[i % endpoints.length] as Endpoint;
      const config = configSchema.parse({
        keypair: { public: me.publicKey, private: me.privateKey },
        keyring: keys.filter((k) => k !== me).map((k) => k.publicKey),
        database: { host: db.host, port: db.port, name: BENCH_DB },
        block: { max_transactions: 1000, flush_interval_ms: 200 },
        // Throughput at saturation, as before the accept deadline (issue 16): a queued POST waits.
        server: { commit_timeout_ms: 60_000, accept_timeout_ms: 60_000 },
      });
      nodes.push(await startNode(config, { logger: createLogger({ level: 'error' }) }));
    }
    return nodes;
  } catch (e) {
    await stopNodes(nodes);
    throw e;
  }
}

export async function stopNodes(nodes: readonly RunningNode[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)));
}
