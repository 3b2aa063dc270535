/**
 * Which server answers, detected once at connect: real RethinkDB lists itself in
 * `rethinkdb.server_status`; reqlite has that table but keeps it empty. A RethinkDB user
 * without rights on the system database cannot read it, so the server info answer (RethinkDB
 * sends a `proxy` flag, reqlite does not) decides then.
 */
import { r } from 'rethinkdb-ts';
import type { DbConnection } from './db-connection.js';
import type { StoreEngine } from './ledger-store.js';

/** What reqlite cannot do, said plainly (shown by `status`, logged at start). */
export const REQLITE_LIMITATIONS: readonly string[] = [
  'one in-memory server: no cluster, no shards or replicas (set-shards/set-replicas fail with ENGINE_LIMITATION)',
  'keeps nothing on disk: all data is lost when the server stops',
  'no users or passwords (rethinkdb.users and grant are missing)',
  'changefeeds support no filters and no includeInitial, and lag under bursts: the node relies on periodic reconciliation queries',
  'conditional updates are not atomic: exclusive steps (votes, lookups, re-queue claims) use insert-with-conflict; a stale backlog row may be reassigned twice (harmless)',
  'secondary-index queries scan the whole table: hot lookups go through primary-key tables, but API queries by asset or owner slow down as the ledger grows',
];

export async function detectEngine(db: DbConnection): Promise<StoreEngine> {
  try {
    const servers = await db.run(r.db('rethinkdb').table('server_status').count());
    if (servers > 0) return 'rethinkdb';
  } catch {
    // e.g. "User `x` does not have the required `read` permission": decided below.
  }
  const info = await db.serverInfo();
  return 'proxy' in info ? 'rethinkdb' : 'reqlite';
}

export function limitationsOf(engine: StoreEngine): readonly string[] {
  return engine === 'reqlite' ? REQLITE_LIMITATIONS : [];
}
