/** What the schema operations (create, reconfigure, accounts) share. */
import type { Logger } from '../../shared/log.js';
import type { DbConnection } from './db-connection.js';
import type { DdlEnv } from './ddl.js';
import { EngineLimitationError } from './errors.js';
import type { StoreEngine } from './ledger-store.js';
import { listServers } from './servers.js';

export interface SchemaEnv {
  db: DbConnection;
  dbName: string;
  engine: StoreEngine;
  log: Logger;
}

export function ddlEnv(env: Omit<SchemaEnv, 'dbName'>): DdlEnv {
  return { db: env.db, log: env.log, servers: async () => (await listServers(env.db, env.engine)) ?? [] };
}

/** reqlite: one in-memory server without table config; reconfigure is refused before anything runs. */
export function refuseReconfigureOnReqlite(engine: StoreEngine, what: string): void {
  if (engine === 'reqlite') {
    throw new EngineLimitationError(
      'reqlite',
      `${what} (reconfigure)`,
      'it is one in-memory server that cannot shard or replicate (reconfigure/config/wait are not implemented); use the rethinkdb engine for a real cluster',
    );
  }
}

/** reqlite: no users, passwords or permissions. */
export function refuseAccountsOnReqlite(engine: StoreEngine, what: string): void {
  if (engine === 'reqlite') {
    throw new EngineLimitationError(
      'reqlite',
      what,
      'it has no users, passwords or permissions (rethinkdb.users and grant are missing): anyone who can reach it can read and write; use the rethinkdb engine for accounts',
    );
  }
}
