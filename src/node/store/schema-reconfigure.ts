/**
 * `set-shards` / `set-replicas` (RethinkDB only): reconfigure every ledger table, make every
 * table acknowledge writes on a majority of replicas with hard durability (so committed data
 * survives the loss of a minority), then wait until all replicas are ready. Every step is DDL:
 * run once, never retried blindly (ddl.ts).
 */
import { r } from 'rethinkdb-ts';
import { TimeoutError } from '../../shared/errors.js';
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import { NotEnoughServersError, ReplicasNotReadyError, DdlFailedError } from './cluster-errors.js';
import { runDdl } from './ddl.js';
import { DatabaseMissingError } from './errors.js';
import { databaseExists } from './schema-probe.js';
import { ddlEnv, refuseReconfigureOnReqlite, type SchemaEnv } from './schema-env.js';
import { listServers } from './servers.js';
import {
  hasLayout,
  hasSafeWrites,
  layoutOf,
  SAFE_WRITES,
  tablesNotSettled,
  targetLayout,
  type TableConfigRow,
  type TableStatusRow,
} from './table-config.js';

export interface LayoutChange {
  shards?: number;
  replicas?: number;
}

const configTable = () => r.db('rethinkdb').table('table_config');

export async function readTableConfigs(env: SchemaEnv): Promise<Map<string, TableConfigRow>> {
  const rows = (await env.db.run(configTable().filter({ db: env.dbName }))) as unknown as TableConfigRow[];
  return new Map(rows.map((row) => [row.name, row]));
}

/** Fail at once (before any DDL) when the cluster has fewer servers than the replicas asked for. */
export async function checkEnoughServers(env: SchemaEnv, replicas: number): Promise<void> {
  const servers = (await listServers(env.db, env.engine)) ?? [];
  if (servers.length < replicas) throw new NotEnoughServersError(replicas, servers);
}

export async function reconfigureTables(
  env: SchemaEnv,
  tables: readonly string[],
  change: LayoutChange,
  timeoutMs: number,
  options: { onlyChanged?: boolean } = {},
): Promise<void> {
  refuseReconfigureOnReqlite(env.engine, change.shards !== undefined ? 'set-shards' : 'set-replicas');
  if (!(await databaseExists(env.db, env.dbName))) throw new DatabaseMissingError(env.dbName);
  if (change.replicas !== undefined) await checkEnoughServers(env, change.replicas);
  const configs = await readTableConfigs(env);
  const wanted = new Map<string, { shards: number; replicas: number }>();
  for (const table of tables) {
    const row = configs.get(table);
    if (row === undefined)
      throw new DdlFailedError(
        `reconfigure table ${env.dbName}.${table}`,
        'the table does not exist; run `bigchaindb init` first',
      );
    wanted.set(table, targetLayout(layoutOf(row), change));
  }
  for (const [table, want] of wanted) {
    if (options.onlyChanged && hasLayout(configs.get(table), want)) continue;
    await runDdl(ddlEnv(env), {
      what: `reconfigure table ${env.dbName}.${table} to ${want.shards} shard(s) x ${want.replicas} replica(s)`,
      query: r.db(env.dbName).table(table).reconfigure(want),
      verify: async () => hasLayout((await readTableConfigs(env)).get(table), want),
      replicas: want.replicas,
    });
    env.log.info('table_reconfigured', { table, ...want });
  }
  await setSafeWrites(env);
  await waitReplicasReady(env, wanted, timeoutMs);
}

/** write_acks majority + durability hard on every table of the database (a table_config write). */
export async function setSafeWrites(env: SchemaEnv): Promise<void> {
  await runDdl(ddlEnv(env), {
    what: `set write_acks=majority, durability=hard on the tables of ${env.dbName}`,
    query: configTable().filter({ db: env.dbName }).update(SAFE_WRITES),
    verify: async () => hasSafeWrites([...(await readTableConfigs(env)).values()]),
  });
  env.log.info('tables_write_safety', { db: env.dbName, ...SAFE_WRITES });
}

/** RethinkDB's own wait, then table_status read until it agrees (and to name what lags). */
async function waitReplicasReady(
  env: SchemaEnv,
  wanted: ReadonlyMap<string, { shards: number; replicas: number }>,
  timeoutMs: number,
): Promise<void> {
  const started = Date.now();
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  // wait() blocks server-side; it fails when its timeout passes (checked below, with the names).
  await env.db
    .runOnce(r.db(env.dbName).wait({ waitFor: 'all_replicas_ready', timeout: seconds }))
    .catch(() => undefined);
  let lagging: string[] = [];
  try {
    // wait() can answer before a just-changed layout shows in the status: confirm by reading it.
    await pollUntil(
      async () => {
        const rows = (await env.db.run(
          r.db('rethinkdb').table('table_status').filter({ db: env.dbName }),
        )) as unknown as TableStatusRow[];
        lagging = tablesNotSettled(rows, wanted);
        return lagging.length === 0 ? ready(undefined) : notYet(lagging.join(', '));
      },
      {
        what: 'all replicas ready',
        timeoutMs: Math.max(1_000, timeoutMs - (Date.now() - started)),
        intervalMs: 250,
      },
    );
  } catch (e) {
    if (e instanceof TimeoutError) throw new ReplicasNotReadyError(env.dbName, timeoutMs, lagging);
    throw e;
  }
}
