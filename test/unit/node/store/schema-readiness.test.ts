import { clusterStatusLines, databaseStatus } from '../../../../src/node/store/cluster-status.js';
import {
  describeReadiness,
  evaluateReadiness,
  type ExpectedTable,
  type ObservedSchema,
} from '../../../../src/node/store/schema-readiness.js';
import { expectedSchema, TABLES } from '../../../../src/node/store/schema.js';
import {
  hasLayout,
  hasSafeWrites,
  layoutOf,
  tablesNotSettled,
  targetLayout,
} from '../../../../src/node/store/table-config.js';

const expected: ExpectedTable[] = [
  { name: 'backlog', indexes: ['assignee__transaction_timestamp'] },
  { name: 'bigchain', indexes: ['transaction_id', 'node_pubkey'] },
  { name: 'votes', indexes: [] },
];
const ready = (name: string, indexes: string[], tableReady?: boolean) => ({
  name,
  indexes: indexes.map((i) => ({ name: i, ready: true })),
  ...(tableReady === undefined ? {} : { ready: tableReady }),
});

describe('schema readiness (pure)', () => {
  test('every table and index exists and is ready', () => {
    const observed: ObservedSchema = {
      dbExists: true,
      tables: [
        ready('backlog', ['assignee__transaction_timestamp'], true),
        ready('bigchain', ['transaction_id', 'node_pubkey'], true),
        ready('votes', [], true),
        ready('unrelated', []),
      ],
    };
    expect(evaluateReadiness('bigchain', expected, observed)).toEqual({
      ready: true,
      dbExists: true,
      missing: [],
      notReady: [],
    });
  });

  test('the database name alone is not ready: missing tables and indexes are named', () => {
    const observed: ObservedSchema = { dbExists: true, tables: [ready('bigchain', ['transaction_id'])] };
    const r = evaluateReadiness('bigchain', expected, observed);
    expect(r).toEqual({
      ready: false,
      dbExists: true,
      missing: ['table backlog', 'index bigchain.node_pubkey', 'table votes'],
      notReady: [],
    });
    expect(describeReadiness(r)).toBe('missing: table backlog, index bigchain.node_pubkey, table votes');
  });

  test('an index being built or a table not ready for writes is "not ready" (reqlite: no table status)', () => {
    const observed: ObservedSchema = {
      dbExists: true,
      tables: [
        { name: 'backlog', indexes: [{ name: 'assignee__transaction_timestamp', ready: false }] },
        ready('bigchain', ['transaction_id', 'node_pubkey'], false),
        ready('votes', []),
      ],
    };
    const r = evaluateReadiness('bigchain', expected, observed);
    expect(r.notReady).toEqual(['index backlog.assignee__transaction_timestamp', 'table bigchain']);
    expect(describeReadiness(r)).toBe(
      'not ready: index backlog.assignee__transaction_timestamp, table bigchain',
    );
  });

  test('no database', () => {
    expect(evaluateReadiness('ledger', expected, { dbExists: false, tables: [] })).toEqual({
      ready: false,
      dbExists: false,
      missing: ['database ledger'],
      notReady: [],
    });
  });

  test('the expected schema is every table (TABLES may grow) with its indexes, blocks by creator included', () => {
    const schema = expectedSchema();
    expect(schema.map((t) => t.name)).toEqual([...TABLES]);
    expect(schema.find((t) => t.name === 'bigchain')?.indexes).toContain('node_pubkey');
    expect(schema.find((t) => t.name === 'votes')?.indexes).toContain('node_pubkey');
  });
});

describe('table config and status (pure, RethinkDB 2.4 rows)', () => {
  const row = (shards: string[][], acks = 'single', durability = 'soft') => ({
    name: 'votes',
    shards: shards.map((replicas) => ({ replicas })),
    write_acks: acks,
    durability,
  });
  test('layout, target, and whether a config already has it', () => {
    const r = row([
      ['a', 'b', 'c'],
      ['a', 'b'],
    ]);
    expect(layoutOf(r)).toEqual({ shards: 2, replicas: 2, writeAcks: 'single', durability: 'soft' });
    expect(targetLayout(layoutOf(r), { replicas: 3 })).toEqual({ shards: 2, replicas: 3 });
    expect(hasLayout(r, { shards: 2, replicas: 2 })).toBe(false);
    expect(hasLayout(row([['a', 'b', 'c']]), { shards: 1, replicas: 3 })).toBe(true);
    expect(hasLayout(undefined, { shards: 1, replicas: 1 })).toBe(false);
    expect(hasSafeWrites([r])).toBe(false);
    expect(hasSafeWrites([row([['a']], 'majority', 'hard')])).toBe(true);
  });
  test('tables whose replicas are not all ready, or whose status lags the new layout', () => {
    const status = (name: string, ok: boolean, replicas: number) => ({
      name,
      shards: [
        { replicas: Array.from({ length: replicas }, (_, i) => ({ server: `s${i}`, state: 'ready' })) },
      ],
      status: { all_replicas_ready: ok, ready_for_writes: true },
    });
    const want = new Map([
      ['a', { shards: 1, replicas: 3 }],
      ['b', { shards: 1, replicas: 3 }],
      ['c', { shards: 1, replicas: 3 }],
    ]);
    expect(
      tablesNotSettled([status('a', true, 3), status('b', false, 3), status('c', true, 1)], want),
    ).toEqual(['b', 'c']);
  });
});

describe('cluster-status database part', () => {
  test('RethinkDB: layout from table_config; a missing table has no layout', () => {
    const observed: ObservedSchema = { dbExists: true, tables: [ready('votes', [], true)] };
    const configs = new Map([
      [
        'votes',
        {
          name: 'votes',
          shards: [{ replicas: ['a', 'b', 'c'] }],
          write_acks: 'majority',
          durability: 'hard',
        },
      ],
    ]);
    const db = databaseStatus('bigchain', 'rethinkdb', expected, observed, configs);
    expect(db).toMatchObject({ name: 'bigchain', exists: true, ready: false });
    expect(db.tables).toEqual([
      { name: 'backlog', ready: false, shards: null, replicas: null, writeAcks: null },
      { name: 'bigchain', ready: false, shards: null, replicas: null, writeAcks: null },
      { name: 'votes', ready: true, shards: 1, replicas: 3, writeAcks: 'majority' },
    ]);
    expect(db.missing).toContain('table backlog');
  });
  test('reqlite: one copy, no write_acks; readable lines', () => {
    const observed: ObservedSchema = {
      dbExists: true,
      tables: [
        ready('backlog', ['assignee__transaction_timestamp']),
        ready('bigchain', ['transaction_id', 'node_pubkey']),
        ready('votes', []),
      ],
    };
    const database = databaseStatus('bigchain', 'reqlite', expected, observed, undefined);
    expect(database.tables[0]).toEqual({
      name: 'backlog',
      ready: true,
      shards: 1,
      replicas: 1,
      writeAcks: null,
    });
    const lines = clusterStatusLines({
      engine: 'reqlite',
      servers: ['reqlite'],
      adminPasswordSet: false,
      database,
    });
    expect(lines).toEqual([
      'engine: reqlite',
      'servers (1): reqlite',
      'admin password set: no',
      'database bigchain: ready',
      '  backlog: ready 1 shard(s) x 1 replica(s)',
      '  bigchain: ready 1 shard(s) x 1 replica(s)',
      '  votes: ready 1 shard(s) x 1 replica(s)',
    ]);
  });
});
