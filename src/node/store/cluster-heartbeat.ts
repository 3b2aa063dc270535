/**
 * RethinkDB's cluster heartbeat timeout (`rethinkdb.cluster_config`, id "heartbeat"): how long a
 * silent peer counts as connected. Default 10 s; only after it does the cluster elect new
 * primaries for the tables a lost server led, so it bounds how long writes stall when a server
 * dies or is cut off. Needs the admin user. reqlite has no cluster: EngineLimitationError.
 */
import { r } from 'rethinkdb-ts';
import type { DbConnection } from './db-connection.js';
import { EngineLimitationError } from './errors.js';
import type { StoreEngine } from './ledger-store.js';

export const HEARTBEAT_TIMEOUT_SECS = { min: 1, max: 600, rethinkdbDefault: 10 } as const;

export interface HeartbeatChange {
  previousSecs: number;
  nowSecs: number;
}

export async function setHeartbeatTimeout(
  db: DbConnection,
  engine: StoreEngine,
  seconds: number,
): Promise<HeartbeatChange> {
  if (engine === 'reqlite')
    throw new EngineLimitationError(
      engine,
      'set a cluster heartbeat timeout',
      'reqlite is one server with no cluster; leave --heartbeat-timeout out',
    );
  const heartbeat = r.db('rethinkdb').table('cluster_config').get('heartbeat');
  const before = (await db.run(heartbeat('heartbeat_timeout_secs'))) as unknown as number;
  if (before !== seconds) await db.run(heartbeat.update({ heartbeat_timeout_secs: seconds }));
  return { previousSecs: before, nowSecs: seconds };
}
