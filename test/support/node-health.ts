// A node's GET /health answer made by the node's own code (its NodeHealth type, healthReport and
// health route), so the lab's fakes answer exactly what a real node answers and cannot drift.
import Fastify from 'fastify';
import { healthReport } from '../../src/node/http/node-backend.js';
import { registerHealthRoute } from '../../src/node/http/routes/health.js';
import type { NodeHealth } from '../../src/node/runtime/index.js';
import { limitationsOf } from '../../src/node/store/engine.js';

const STAGES = ['block', 'vote', 'election', 'stale', 'heartbeat'];

/**
 * A healthy node on reqlite (2 blocks created, 6 votes cast, nothing in its backlog) that sees
 * only itself alive; `overrides` change what a test needs.
 */
export function nodeHealth(publicKey: string, overrides: Partial<NodeHealth> = {}): NodeHealth {
  const now = Date.now();
  return {
    publicKey,
    ok: true,
    stopping: false,
    database: {
      connected: true,
      engine: 'reqlite',
      latencyMs: 1,
      limitations: limitationsOf('reqlite'),
      servers: ['reqlite'],
      schemaReady: true,
    },
    counts: { blocks: 2, votes: 6, backlog: 0 },
    stages: STAGES.map((name) => ({
      name,
      running: true,
      ticks: 3,
      lastTickAtMs: now,
      lastSuccessAtMs: now,
      lastError: null,
      feed: 'open' as const,
    })),
    liveness: { known: true, alive: [publicKey], dead: [], checkedAtMs: now },
    membership: { epoch: 0, members: [{ operator: '', publicKey }], ignored: [], source: 'config' },
    ...overrides,
  };
}

/** The `database` of a node on a RethinkDB cluster of `servers`, schema ready. */
export function onRethinkdb(servers: readonly string[]): Pick<NodeHealth, 'database'> {
  return {
    database: {
      connected: true,
      engine: 'rethinkdb',
      latencyMs: 1,
      limitations: limitationsOf('rethinkdb'),
      servers: [...servers],
      schemaReady: true,
    },
  };
}

/** What GET /health answers for `health`: the node's route, status code and JSON body. */
export async function healthAnswer(health: NodeHealth): Promise<{ status: number; body: unknown }> {
  const app = Fastify();
  registerHealthRoute(app, async () => healthReport(health));
  try {
    const res = await app.inject({ method: 'GET', url: '/health' });
    return { status: res.statusCode, body: res.json() };
  } finally {
    await app.close();
  }
}
