/**
 * Schema readiness and init, as one scenario run against both engines (real RethinkDB and
 * reqlite), so the fake and the real server are held to the same behaviour.
 */
import { r, type Connection } from 'rethinkdb-ts';
import { configSchema } from '../../../src/node/config/index.js';
import { makeGenesisBlock } from '../../../src/node/core/index.js';
import { startNode } from '../../../src/node/runtime/index.js';
import {
  connectLedgerStore,
  openClusterAdmin,
  type RethinkLedgerStore,
  type StoreEngine,
} from '../../../src/node/store/index.js';
import { TABLES } from '../../../src/node/store/schema.js';
import { silentLogger } from '../../../src/shared/log.js';
import { namedSteps } from '../../support/named-steps.js';
import { keypair } from './tx-helpers.js';

export interface DbServer {
  host: string;
  port: number;
  stop(): Promise<void>;
  logs?(): Promise<string>;
}

/** Run a raw ReQL query on a connection of its own (what an operator or a crash would do). */
export async function raw<T>(server: DbServer, query: { run(c: Connection): Promise<T> }): Promise<T> {
  const conn = await r.connect({ host: server.host, port: server.port, silent: true });
  try {
    return await query.run(conn);
  } finally {
    await conn.close();
  }
}

export function schemaScenario(engine: StoreEngine, start: () => Promise<DbServer>): void {
  const { step, failed } = namedSteps();
  const db = 'schema_test';
  let server: DbServer;
  let store: RethinkLedgerStore;
  let genesisId: string;

  beforeAll(async () => {
    server = await start();
    store = await connectLedgerStore({ host: server.host, port: server.port, db }, silentLogger);
  });
  afterAll(async () => {
    if (failed() && server?.logs) process.stderr.write(`${engine} log:\n${await server.logs()}\n`);
    await store?.close();
    await server?.stop();
  });

  step(`detects ${engine}; a missing database is "not ready: missing database"`, async () => {
    expect(store.engine).toBe(engine);
    expect(await store.schemaReadiness()).toEqual({
      ready: false,
      dbExists: false,
      missing: [`database ${db}`],
      notReady: [],
    });
  });

  step('init on a fresh server: every table and index exists and is ready', async () => {
    const started = Date.now();
    const genesis = makeGenesisBlock(keypair());
    await store.init({ genesis });
    process.stderr.write(`[${engine}] init on a fresh server took ${Date.now() - started} ms\n`);
    expect(await store.schemaReadiness()).toMatchObject({ ready: true, missing: [], notReady: [] });
    expect((await raw(server, r.db(db).tableList())).sort()).toEqual([...TABLES].sort());
    genesisId = await store.getGenesisBlockId();
    expect(genesisId).toBe(genesis.id);
  });

  step('init again: DatabaseExistsError ("already exists")', async () => {
    await expect(store.init({ genesis: makeGenesisBlock(keypair()) })).rejects.toMatchObject({
      code: 'DB_EXISTS',
      message: expect.stringMatching(/already exist/),
    });
  });

  step('a partial schema is reported, waited on with a clear timeout, and completed by init', async () => {
    await raw(server, r.db(db).tableDrop('votes'));
    await raw(server, r.db(db).table('bigchain').indexDrop('node_pubkey'));
    const readiness = await store.schemaReadiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.missing).toEqual(expect.arrayContaining(['index bigchain.node_pubkey', 'table votes']));
    await expect(store.waitSchemaReady(1_000)).rejects.toMatchObject({
      code: 'SCHEMA_NOT_READY',
      message: expect.stringMatching(/missing: .*index bigchain\.node_pubkey.*bigchaindb init/),
    });
    // start waits for a ready schema and fails naming what is missing (it never completes it).
    const me = keypair();
    const config = configSchema.parse({
      keypair: { public: me.publicKey, private: me.privateKey },
      database: { host: server.host, port: server.port, name: db },
    });
    await expect(
      startNode(config, { store, logger: silentLogger, schemaTimeoutMs: 1_000 }),
    ).rejects.toMatchObject({
      code: 'SCHEMA_NOT_READY',
      message: expect.stringMatching(/index bigchain\.node_pubkey/),
    });
    // start's init-if-needed never touches an existing database.
    await expect(
      store.init({ genesis: makeGenesisBlock(keypair()), ifDatabaseMissing: true }),
    ).rejects.toMatchObject({ code: 'DB_EXISTS' });
    await store.init({ genesis: makeGenesisBlock(keypair()) });
    expect(await store.schemaReadiness()).toMatchObject({ ready: true });
    expect(await store.getGenesisBlockId()).toBe(genesisId);
    await store.waitSchemaReady(5_000);
  });

  step('cluster-status view: engine, servers, every table ready', async () => {
    const admin = await openClusterAdmin(
      { host: server.host, port: server.port, timeoutMs: 10_000 },
      silentLogger,
    );
    try {
      const status = await admin.status(db);
      expect(status.engine).toBe(engine);
      expect(status.servers.length).toBe(1);
      if (engine === 'reqlite') expect(status.servers).toEqual(['reqlite']);
      expect(status.adminPasswordSet).toBe(false);
      expect(status.database).toMatchObject({
        name: db,
        exists: true,
        ready: true,
        missing: [],
        notReady: [],
      });
      expect(status.database.tables.map((t) => t.name)).toEqual([...TABLES]);
      expect(status.database.tables.every((t) => t.ready && t.shards === 1 && t.replicas === 1)).toBe(true);
    } finally {
      await admin.close();
    }
  });
}
