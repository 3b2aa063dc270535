/**
 * Reads the schema's state for schema-readiness.ts: dbList, tableList, indexStatus and, on
 * RethinkDB, each table's `status()` (works for a user with rights on the database only; reqlite
 * lacks status()/wait()/config(), so there the indexes decide). Reads retry like any read.
 */
import { r } from 'rethinkdb-ts';
import type { DbConnection } from './db-connection.js';
import { PROBE_RETRY } from './retry.js';
import type { StoreEngine } from './ledger-store.js';
import {
  evaluateReadiness,
  type ExpectedTable,
  type ObservedSchema,
  type ObservedTable,
  type SchemaReadiness,
} from './schema-readiness.js';

interface IndexStatusRow {
  index: string;
  ready: boolean;
}
interface TableStatusRow {
  status: { ready_for_writes: boolean; all_replicas_ready: boolean };
}

export async function databaseExists(db: DbConnection, dbName: string): Promise<boolean> {
  return (await db.run(r.dbList(), PROBE_RETRY)).includes(dbName);
}

export async function observeTable(
  db: DbConnection,
  dbName: string,
  name: string,
  engine: StoreEngine,
): Promise<ObservedTable> {
  const table = r.db(dbName).table(name);
  const statuses = (await db.run(table.indexStatus(), PROBE_RETRY)) as unknown as IndexStatusRow[];
  const indexes = statuses.map((s) => ({ name: s.index, ready: s.ready === true }));
  if (engine === 'reqlite') return { name, indexes };
  const status = (await db.run(table.status(), PROBE_RETRY)) as unknown as TableStatusRow;
  return { name, indexes, ready: status.status.ready_for_writes };
}

/** The database's tables (only those `wanted`, when given) with their indexes and readiness. */
export async function observeSchema(
  db: DbConnection,
  dbName: string,
  engine: StoreEngine,
  wanted?: readonly string[],
): Promise<ObservedSchema> {
  if (!(await databaseExists(db, dbName))) return { dbExists: false, tables: [] };
  const names = (await db.run(r.db(dbName).tableList(), PROBE_RETRY)).filter(
    (n) => wanted?.includes(n) ?? true,
  );
  const tables = await Promise.all(names.map((name) => observeTable(db, dbName, name, engine)));
  return { dbExists: true, tables };
}

export async function readSchemaReadiness(
  db: DbConnection,
  dbName: string,
  engine: StoreEngine,
  expected: readonly ExpectedTable[],
): Promise<SchemaReadiness> {
  const observed = await observeSchema(
    db,
    dbName,
    engine,
    expected.map((t) => t.name),
  );
  return evaluateReadiness(dbName, expected, observed);
}
