/**
 * Migration of a `membership` table made before issue 16 (primary key `epoch`, so a row without
 * ballots held its epoch for good) to one keyed by record id. RethinkDB cannot change a table's
 * primary key, so `init` (1) renames the old table aside before creating what is missing, (2) the
 * new `membership` is created like any missing table, (3) once the schema is ready, the old rows
 * are copied over and the old table is dropped. Each step is DDL run once (ddl.ts); an init
 * interrupted anywhere is completed by the next one (a set-aside table still there is copied and
 * dropped). The new table has none of the old one's grants: run `create-user` again afterwards
 * (the lab does, after every init). reqlite (in-memory, cannot rename tables) is not migrated:
 * its epoch-keyed table keeps working as before.
 */
import { r } from 'rethinkdb-ts';
import { runDdl } from './ddl.js';
import { MEMBERSHIP_TABLE } from './membership-queries.js';
import { ddlEnv, type SchemaEnv } from './schema-env.js';
import { checkWrite } from './tables.js';

/** Where the epoch-keyed table waits between steps 1 and 3. */
export const SET_ASIDE_MEMBERSHIP_TABLE = 'membership_epoch_keyed';

const tableNames = (env: SchemaEnv): Promise<string[]> => env.db.run(r.db(env.dbName).tableList());

/** The primary key of the membership table, or null when there is none (or no database). */
export async function membershipPrimaryKey(env: SchemaEnv): Promise<string | null> {
  const dbs = await env.db.run(r.dbList());
  if (!dbs.includes(env.dbName) || !(await tableNames(env)).includes(MEMBERSHIP_TABLE)) return null;
  const info = (await env.db.run(r.db(env.dbName).table(MEMBERSHIP_TABLE).info())) as {
    primary_key?: string;
  };
  return info.primary_key ?? null;
}

/** Step 1: renames an epoch-keyed membership table aside; true when it did. */
export async function setAsideEpochKeyedMembership(env: SchemaEnv): Promise<boolean> {
  if (env.engine === 'reqlite') return false;
  if ((await membershipPrimaryKey(env)) !== 'epoch') return false;
  if ((await tableNames(env)).includes(SET_ASIDE_MEMBERSHIP_TABLE))
    throw new Error(
      `both ${env.dbName}.${MEMBERSHIP_TABLE} (keyed by epoch) and ${SET_ASIDE_MEMBERSHIP_TABLE} exist: a migration was interrupted and the table re-created by an older node; merge them by hand`,
    );
  await runDdl(ddlEnv(env), {
    what: `rename ${env.dbName}.${MEMBERSHIP_TABLE} (keyed by epoch) to ${SET_ASIDE_MEMBERSHIP_TABLE}`,
    query: r.db(env.dbName).table(MEMBERSHIP_TABLE).config().update({ name: SET_ASIDE_MEMBERSHIP_TABLE }),
    verify: async () => (await tableNames(env)).includes(SET_ASIDE_MEMBERSHIP_TABLE),
  });
  env.log.warn('membership_migration_started', { from: 'primary key epoch', to: 'primary key id' });
  return true;
}

export async function hasSetAsideMembership(env: SchemaEnv): Promise<boolean> {
  if (env.engine === 'reqlite' || !(await env.db.run(r.dbList())).includes(env.dbName)) return false;
  return (await tableNames(env)).includes(SET_ASIDE_MEMBERSHIP_TABLE);
}

/** Step 3 (the new table ready): copies the set-aside rows over, drops the old table; rows copied. */
export async function finishMembershipMigration(env: SchemaEnv): Promise<number> {
  if (!(await hasSetAsideMembership(env))) return 0;
  const old = r.db(env.dbName).table(SET_ASIDE_MEMBERSHIP_TABLE);
  const rows = (await env.db.run(old.coerceTo('array'))) as unknown as object[];
  if (rows.length > 0)
    checkWrite(
      await env.db.run(
        r.db(env.dbName).table(MEMBERSHIP_TABLE).insert(rows, { conflict: 'error', durability: 'hard' }),
      ),
      'membership migration copy',
    );
  await runDdl(ddlEnv(env), {
    what: `drop ${env.dbName}.${SET_ASIDE_MEMBERSHIP_TABLE}`,
    query: r.db(env.dbName).tableDrop(SET_ASIDE_MEMBERSHIP_TABLE),
    verify: async () => !(await tableNames(env)).includes(SET_ASIDE_MEMBERSHIP_TABLE),
  });
  env.log.info('membership_migrated', { rows: rows.length });
  return rows.length;
}
