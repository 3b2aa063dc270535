/**
 * Database accounts (RethinkDB 2.3+; reqlite has none): a user is a row of `rethinkdb.users`,
 * rights come from `grant`. Each write is DDL (run once, ddl.ts); after an indeterminate outcome
 * the re-read is a login with the new password. Passwords never reach a message or a log: the
 * server's text for these writes is withheld (it can echo the document, password included).
 */
import { r } from 'rethinkdb-ts';
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
  permissions: { read: boolean; write?: boolean };
}

/**
 * What a node's user gets: read/write on the ledger database, and read on the `rethinkdb` system
 * database so the node can report the cluster's servers (server_status) and table readiness
 * (table_status, table_config) in /health and cluster-status. That read shows users only as
 * `{id, password: true}`, and grants no write to any system table.
 */
export function nodeUserGrants(ledgerDb: string): Grant[] {
  return [
    { database: ledgerDb, permissions: { read: true, write: true } },
    { database: 'rethinkdb', permissions: { read: true } },
  ];
}

export function describeGrant(g: Grant): string {
  const rights = Object.entries(g.permissions)
    .filter(([, on]) => on)
    .map(([right]) => right);
  return `${rights.join('+')} on ${g.database}`;
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
  const rows = (await env.db.run(
    r.db('rethinkdb').table('permissions').filter({ user, database: grant.database })('permissions'),
  )) as unknown as Record<string, boolean>[];
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
      query: r.db(grant.database).grant(user, grant.permissions),
      verify: () => hasGrant(env, user, grant),
    });
  }
  env.log.info('database_user_granted', { user, grants: grants.map(describeGrant) });
  return grants;
}
