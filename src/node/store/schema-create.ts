/**
 * Create what is missing of the ledger's schema: the database, then each table and each index
 * that does not exist yet, so a schema left partial by an interrupted init is completed. With
 * `ifDatabaseMissing` (`start` initialising a database nobody made yet) an existing database is
 * DatabaseExistsError: another node won the race. Every step is DDL run once (ddl.ts); an
 * "already exists" while completing means someone else made it: re-read and skip.
 */
import { r, type RDatum } from 'rethinkdb-ts';
import { runDdl } from './ddl.js';
import { DatabaseExistsError } from './errors.js';
import { ddlEnv, type SchemaEnv } from './schema-env.js';
import { databaseExists } from './schema-probe.js';

export interface IndexSpec {
  name: string;
  /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- ReQL row terms are untyped documents */
  fn: (row: RDatum<any>) => unknown;
  multi?: boolean;
}

export interface TableSpec {
  name: string;
  indexes: readonly IndexSpec[];
  /** Default `id`. */
  primaryKey?: string;
}

async function tableNames(env: SchemaEnv): Promise<string[]> {
  return env.db.run(r.db(env.dbName).tableList());
}

async function indexNames(env: SchemaEnv, table: string): Promise<string[]> {
  return env.db.run(r.db(env.dbName).table(table).indexList());
}

/** Creates what is missing; returns what it created ("table votes", "index bigchain.node_pubkey"). */
export async function createMissing(
  env: SchemaEnv,
  specs: readonly TableSpec[],
  options: { ifDatabaseMissing: boolean },
): Promise<string[]> {
  const created: string[] = [];
  const onExists = options.ifDatabaseMissing ? 'fail' : 'skip';
  const ddl = ddlEnv(env);
  if (!(await databaseExists(env.db, env.dbName))) {
    const outcome = await runDdl(ddl, {
      what: `create database ${env.dbName}`,
      query: r.dbCreate(env.dbName),
      verify: () => databaseExists(env.db, env.dbName),
      onExists,
      existsError: () => new DatabaseExistsError(env.dbName),
    });
    if (outcome !== 'existed') created.push(`database ${env.dbName}`);
  } else if (options.ifDatabaseMissing) {
    throw new DatabaseExistsError(env.dbName);
  }
  const tables = new Set(await tableNames(env));
  for (const spec of specs) {
    if (!tables.has(spec.name)) {
      const outcome = await runDdl(ddl, {
        what: `create table ${env.dbName}.${spec.name}`,
        query: r
          .db(env.dbName)
          .tableCreate(spec.name, spec.primaryKey === undefined ? {} : { primaryKey: spec.primaryKey }),
        verify: async () => (await tableNames(env)).includes(spec.name),
        onExists,
      });
      if (outcome !== 'existed') created.push(`table ${spec.name}`);
    }
    created.push(...(await createMissingIndexes(env, spec, onExists)));
  }
  if (created.length > 0) env.log.info('schema_created', { db: env.dbName, created });
  return created;
}

async function createMissingIndexes(
  env: SchemaEnv,
  spec: TableSpec,
  onExists: 'skip' | 'fail',
): Promise<string[]> {
  const created: string[] = [];
  const have = new Set(await indexNames(env, spec.name));
  const table = r.db(env.dbName).table(spec.name);
  for (const index of spec.indexes) {
    if (have.has(index.name)) continue;
    const outcome = await runDdl(ddlEnv(env), {
      what: `create index ${env.dbName}.${spec.name}.${index.name}`,
      query: table.indexCreate(index.name, index.fn, { multi: index.multi ?? false }),
      verify: async () => (await indexNames(env, spec.name)).includes(index.name),
      onExists,
    });
    if (outcome !== 'existed') created.push(`index ${spec.name}.${index.name}`);
  }
  return created;
}
