/**
 * The cluster's servers as `rethinkdb.server_status` lists them. reqlite is one server and keeps
 * that table empty: it is reported as ["reqlite"]. A RethinkDB user without read rights on the
 * `rethinkdb` database cannot see them (undefined).
 */
import { isRethinkDBError, r, RethinkDBErrorType } from 'rethinkdb-ts';
import type { DbConnection } from './db-connection.js';
import type { StoreEngine } from './ledger-store.js';
import { PROBE_RETRY } from './retry.js';

export const REQLITE_SERVERS: readonly string[] = ['reqlite'];

export async function listServers(db: DbConnection, engine: StoreEngine): Promise<string[] | undefined> {
  if (engine === 'reqlite') return [...REQLITE_SERVERS];
  try {
    const names = (await db.run(
      r.db('rethinkdb').table('server_status')('name'),
      PROBE_RETRY,
    )) as unknown as string[];
    return [...names].sort();
  } catch (e) {
    if (isRethinkDBError(e) && e.type === RethinkDBErrorType.PERMISSION_ERROR) return undefined;
    throw e;
  }
}
