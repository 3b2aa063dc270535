import { healthReport } from '../../../../src/node/http/index.js';
import { readHealthFacts, TtlCache } from '../../../../src/node/runtime/health-facts.js';
import type { NodeHealth } from '../../../../src/node/runtime/index.js';
import type { SchemaReadiness } from '../../../../src/node/store/ledger-store.js';

const readiness = (over: Partial<SchemaReadiness> = {}): SchemaReadiness => ({
  ready: true,
  dbExists: true,
  missing: [],
  notReady: [],
  ...over,
});

describe('TtlCache', () => {
  test('recomputes at most once per TTL; concurrent callers share one computation', async () => {
    let now = 0;
    let computed = 0;
    const cache = new TtlCache(
      async () => ++computed,
      5_000,
      () => now,
    );
    expect(await Promise.all([cache.get(), cache.get()])).toEqual([1, 1]);
    now = 4_999;
    expect(await cache.get()).toBe(1);
    now = 5_000;
    expect(await cache.get()).toBe(2);
    expect(computed).toBe(2);
  });
});

describe('readHealthFacts', () => {
  test('servers, schema readiness and this node’s counts', async () => {
    const facts = await readHealthFacts(
      {
        servers: async () => ['rdb_a', 'rdb_b'],
        schemaReadiness: async () => readiness(),
        countsFor: async (pk) => ({ blocks: pk.length, votes: 2, backlog: 0 }),
      },
      'PK',
    );
    expect(facts).toEqual({
      servers: ['rdb_a', 'rdb_b'],
      schemaReady: true,
      counts: { blocks: 2, votes: 2, backlog: 0 },
    });
  });
  test('what cannot be read is left out, never guessed', async () => {
    const facts = await readHealthFacts(
      {
        servers: async () => undefined,
        schemaReadiness: async () => readiness({ ready: false, missing: ['index bigchain.node_pubkey'] }),
        countsFor: async () => {
          throw new Error('Index `node_pubkey` was not found');
        },
      },
      'PK',
    );
    expect(facts).toEqual({ schemaReady: false, schemaProblem: 'missing: index bigchain.node_pubkey' });
  });
});

describe('healthReport with the cluster facts', () => {
  const base: NodeHealth = {
    publicKey: 'PK',
    ok: true,
    stopping: false,
    database: {
      connected: true,
      engine: 'rethinkdb',
      latencyMs: 1,
      limitations: [],
      servers: ['rdb_a', 'rdb_b', 'rdb_c'],
      schemaReady: true,
    },
    stages: [],
    counts: { blocks: 3, votes: 4, backlog: 1 },
    liveness: { known: true, alive: ['PK'], dead: [], checkedAtMs: 1 },
    membership: { epoch: 0, members: [], ignored: [], source: 'config' },
  };
  test('database.servers, database.schemaReady and top-level counts', () => {
    expect(healthReport(base)).toMatchObject({
      healthy: true,
      database: { servers: ['rdb_a', 'rdb_b', 'rdb_c'], schemaReady: true },
      counts: { blocks: 3, votes: 4, backlog: 1 },
    });
  });
  test('a schema not ready is a problem naming what is missing', () => {
    const report = healthReport({
      ...base,
      ok: false,
      database: { ...base.database, schemaReady: false, schemaProblem: 'missing: table votes' },
    });
    expect(report.problems).toEqual(['database schema not ready (missing: table votes)']);
  });
  test('counts absent when unknown', () => {
    const { counts: _counts, ...rest } = base;
    expect(healthReport(rest)).not.toHaveProperty('counts');
  });
});
