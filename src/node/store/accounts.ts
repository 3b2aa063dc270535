/**
 * Database accounts (RethinkDB 2.3+; reqlite has none): a user is a row of `rethinkdb.users`,
 * rights come from `grant`. Each write is DDL (run once, ddl.ts); after an indeterminate outcome
 * the re-read is a login with the new password. Passwords never reach a message or a log: the
 * server's text for these writes is withheld (it can echo the document, password included).
 */
import { r, type RDatum } from 'rethinkdb-ts';
import { runDdl } from './ddl.js';
import { DatabaseMissingError } from './errors.js';
import { ddlEnv, refuseAccountsOnReqlite, type SchemaEnv } from './schema-env.js';
import { databaseExists } from './schema-probe.js';

export interface AccountEnv extends Omit<SchemaEnv, 'dbName'> {
  /** Whether `user` can log in with `password` right now (a fresh connection). */
  canConnect(user: string, password: string): Promise<boolean>;
}

export interface Grant {
  database: string;
  /** A table-level grant: RethinkDB applies the most specific scope, so it overrides the database's. */
  table?: string;
  permissions: { read: boolean; write?: boolean };
}

/** The table only the governance path (`membership commit`, as admin) writes (issue 16). */
const GOVERNED_TABLE = 'membership';

/**
 * What a node's user gets: read/write on the ledger database, except the membership table, which
 * it may only read (issue 16: any node user could rewrite epoch 0 and every node followed it; a
 * table-level `write: false` overrides the database-level `write: true` in RethinkDB 2.4, checked
 * by test/integration/node/membership-permissions.test.ts). Plus read on the `rethinkdb` system
 * database so the node can report the cluster's servers (server_status) and table readiness
 * (table_status, table_config) in /health and cluster-status. That read shows users only as
 * `{id, password: true}`, and grants no write to any system table. reqlite has no users: there,
 * anyone who reaches the server can write the membership table (resolution from each node's own
 * pinned root is then the only defence).
 */
export function nodeUserGrants(ledgerDb: string): Grant[] {
  return [
    { database: ledgerDb, permissions: { read: true, write: true } },
    { database: ledgerDb, table: GOVERNED_TABLE, permissions: { read: true, write: false } },
    { database: 'rethinkdb', permissions: { read: true } },
  ];
}

export function describeGrant(g: Grant): string {
  const rights = Object.entries(g.permissions);
  const on = rights.filter(([, yes]) => yes).map(([right]) => right);
  const off = rights.filter(([, yes]) => !yes).map(([right]) => right);
  const denied = off.length > 0 ? ` (no ${off.join('/')})` : '';
  return `${on.join('+')}${denied} on ${g.database}${g.table === undefined ? '' : `.${g.table}`}`;
}

const users = () => r.db('rethinkdb').table('users');

export async function setAdminPassword(env: AccountEnv, password: string): Promise<void> {
  refuseAccountsOnReqlite(env.engine, 'set the admin password');
  await runDdl(ddlEnv(env), {
    what: 'set the password of user admin',
    query: users().get('admin').update({ password }),
    verify: () => env.canConnect('admin', password),
    serverText: 'withheld',
  });
  env.log.info('admin_password_set', { user: 'admin' });
}

async function hasGrant(env: AccountEnv, user: string, grant: Grant): Promise<boolean> {
  const scope = r
    .db('rethinkdb')
    .table('permissions')
    .filter({ user, database: grant.database })
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ReQL rows are untyped documents
    .filter((row: RDatum<any>) =>
      grant.table === undefined ? row.hasFields('table').not() : row('table').eq(grant.table),
    );
  const rows = (await env.db.run(scope('permissions'))) as unknown as Record<string, boolean>[];
  return rows.some((p) => Object.entries(grant.permissions).every(([k, v]) => p[k] === v));
}

/** Create the user (or set its password), then grant it `nodeUserGrants`. Idempotent. */
export async function ensureUser(
  env: AccountEnv,
  user: string,
  password: string,
  ledgerDb: string,
): Promise<Grant[]> {
  refuseAccountsOnReqlite(env.engine, 'create database users');
  if (!(await databaseExists(env.db, ledgerDb))) throw new DatabaseMissingError(ledgerDb);
  await runDdl(ddlEnv(env), {
    what: `create or update user ${user}`,
    query: users().insert({ id: user, password }, { conflict: 'update' }),
    verify: () => env.canConnect(user, password),
    serverText: 'withheld',
  });
  const grants = nodeUserGrants(ledgerDb);
  for (const grant of grants) {
    await runDdl(ddlEnv(env), {
      what: `grant ${describeGrant(grant)} to ${user}`,
      query: (grant.table === undefined
        ? r.db(grant.database)
        : r.db(grant.database).table(grant.table)
      ).grant(user, grant.permissions),
      verify: () => hasGrant(env, user, grant),
    });
  }
  env.log.info('database_user_granted', { user, grants: grants.map(describeGrant) });
  return grants;
}
