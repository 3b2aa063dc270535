// Benchmark of the federation node's pipeline: three nodes share one database; clients post
// CREATE transactions (mode=async) through all three for `--seconds` (default 30), then we
// wait for the backlog to drain and count what became VALID. A second, shorter phase posts in
// mode=commit and reports p50/p99 latency. Goes through the runtime API (what the HTTP layer
// calls), not HTTP. Every loop is bounded in time.
//
//   node dist/bench/node-bench.js [--seconds 30] [--clients 24] [--commit-seconds 10]
//                                 [--db HOST:PORT]   (default: start reqlite on a free port)
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { configSchema } from '../node/config/index.js';
import {
  generateKeypair,
  makeCreate,
  makeOutput,
  signTransaction,
  type Keypair,
} from '../node/core/index.js';
import { startNode, type RunningNode } from '../node/runtime/index.js';
import { createLogger } from '../shared/log.js';

interface Args {
  seconds: number;
  clients: number;
  commitSeconds: number;
  db: { host: string; port: number } | null;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const db = get('db');
  const [host, port] = db?.split(':') ?? [];
  return {
    seconds: Number(get('seconds') ?? 30),
    clients: Number(get('clients') ?? 24),
    commitSeconds: Number(get('commit-seconds') ?? 10),
    db: db ? { host: host ?? '127.0.0.1', port: Number(port) } : null,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// reqlite's launcher mis-handles --driver-port and binds every interface: start its Server
// class directly, on loopback only.
const REQLITE_SCRIPT = `
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, cb) { return listen.call(this, port, '127.0.0.1', cb); };
new (require(process.env.REQLITE_MAIN))({ 'driver-port': Number(process.env.REQLITE_PORT) });
`;

async function startReqlite(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const main = createRequire(import.meta.url).resolve('reqlite');
  const child = spawn(process.execPath, ['-e', REQLITE_SCRIPT], {
    env: { ...process.env, REQLITE_MAIN: main, REQLITE_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('reqlite did not start in 15 s')), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('Server ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`reqlite exited (${String(code)})`)));
  });
  return { port, child };
}

async function startFederation(db: { host: string; port: number }): Promise<RunningNode[]> {
  const keys = [generateKeypair(), generateKeypair(), generateKeypair()];
  const nodes: RunningNode[] = [];
  for (const me of keys) {
    const config = configSchema.parse({
      keypair: { public: me.publicKey, private: me.privateKey },
      keyring: keys.filter((k) => k !== me).map((k) => k.publicKey),
      database: { host: db.host, port: db.port, name: 'bench' },
      block: { max_transactions: 1000, flush_interval_ms: 200 },
      server: { commit_timeout_ms: 60_000 },
    });
    nodes.push(await startNode(config, { logger: createLogger({ level: 'error' }) }));
  }
  return nodes;
}

function createTx(owner: Keypair, n: number): ReturnType<typeof signTransaction> {
  const unsigned = makeCreate({
    asset: { bench: n, at: Date.now() },
    outputs: [makeOutput(owner.publicKey)],
    issuers: [owner.publicKey],
  });
  return signTransaction(unsigned, [owner.privateKey]);
}

/** Clients post for `ms`; each client waits for its POST before the next one. */
async function postPhase(
  nodes: RunningNode[],
  clients: number,
  ms: number,
  mode: 'async' | 'commit',
): Promise<{ ids: string[]; latencies: number[]; errors: number }> {
  const owner = generateKeypair();
  const ids: string[] = [];
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const deadline = performance.now() + ms;
  const client = async (c: number): Promise<void> => {
    while (performance.now() < deadline) {
      const tx = createTx(owner, n++);
      const node = nodes[(c + n) % nodes.length] as RunningNode;
      const t0 = performance.now();
      try {
        await node.submit(tx, mode);
        latencies.push(performance.now() - t0);
        ids.push(tx.id);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  return { ids, latencies, errors };
}

/** Wait (bounded) until nothing is left in the backlog; returns when that happened. */
async function waitDrained(node: RunningNode, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if ((await node.store.counts()).backlog === 0) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return performance.now();
}

async function countValid(node: RunningNode, ids: string[], timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let pending = ids;
  while (pending.length > 0 && performance.now() < deadline) {
    const statuses = await Promise.all(pending.map((id) => node.store.getTransactionStatus(id)));
    pending = pending.filter(
      (_, i) => statuses[i] !== 'valid' && statuses[i] !== 'invalid' && statuses[i] !== null,
    );
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const final = await Promise.all(ids.map((id) => node.store.getTransactionStatus(id)));
  return final.filter((s) => s === 'valid').length;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const reqlite = args.db ? null : await startReqlite();
  const db = args.db ?? { host: '127.0.0.1', port: reqlite?.port ?? 28015 };
  const nodes = await startFederation(db);
  try {
    const started = performance.now();
    const posted = await postPhase(nodes, args.clients, args.seconds * 1000, 'async');
    const drainedAt = await waitDrained(nodes[0] as RunningNode, 120_000);
    const valid = await countValid(nodes[0] as RunningNode, posted.ids, 60_000);
    const elapsedS = (drainedAt - started) / 1000;
    console.log(`engine: ${(nodes[0] as RunningNode).engine}`);
    console.log(
      `async: posted ${posted.ids.length} (${(posted.ids.length / args.seconds).toFixed(0)}/s, ${posted.errors} errors), ` +
        `VALID ${valid} in ${elapsedS.toFixed(1)} s => ${(valid / elapsedS).toFixed(1)} VALID tx/s`,
    );
    const commit = await postPhase(
      nodes,
      Math.max(1, Math.floor(args.clients / 3)),
      args.commitSeconds * 1000,
      'commit',
    );
    console.log(
      `commit: ${commit.latencies.length} ok, ${commit.errors} errors; POST latency p50 ${percentile(commit.latencies, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(commit.latencies, 99).toFixed(0)} ms`,
    );
  } finally {
    for (const node of nodes) await node.stop();
    reqlite?.child.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
