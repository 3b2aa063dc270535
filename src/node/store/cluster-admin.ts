/**
 * The cluster administration interface the `bigchaindb` admin commands use (cluster-status,
 * set-admin-password, create-user, init --wait-servers). One real implementation,
 * `RethinkClusterAdmin` (rethink-cluster-admin.ts), opened by `openClusterAdmin`
 * (cluster-connect.ts); CLI tests pass a small fake.
 */
import type { Grant } from './accounts.js';
import type { HeartbeatChange } from './cluster-heartbeat.js';
import type { StoreEngine } from './ledger-store.js';

export interface ClusterTable {
  name: string;
  /** The table and all its indexes exist and are ready (RethinkDB: ready for writes too). */
  ready: boolean;
  /** null when unknown: the table is missing, or table_config is not readable by this user. */
  shards: number | null;
  replicas: number | null;
  /** RethinkDB `write_acks` ("majority" after set-shards/set-replicas); null on reqlite or unknown. */
  writeAcks: string | null;
}

export interface ClusterStatus {
  engine: StoreEngine;
  /** Server names from rethinkdb.server_status (["reqlite"] on reqlite; [] when not readable). */
  servers: string[];
  /** false on a fresh RethinkDB cluster whose admin has no password yet, and on reqlite (no users). */
  adminPasswordSet: boolean;
  database: {
    name: string;
    exists: boolean;
    /** Every table and index the node needs exists and is ready. */
    ready: boolean;
    tables: ClusterTable[];
    /** What does not exist ("table votes", "index bigchain.node_pubkey"). */
    missing: string[];
    /** What exists but is not ready yet. */
    notReady: string[];
  };
}

export interface ClusterOpenOptions {
  /** Bounds connecting and --wait-servers (ms). */
  timeoutMs: number;
  /** Wait until rethinkdb.server_status lists at least this many servers. */
  waitServers?: number;
  /**
   * When the user is admin and its configured password is refused, try once with an empty
   * password (a fresh cluster whose admin password is not set yet).
   */
  tryEmptyAdminPassword?: boolean;
}

export interface ClusterAdmin {
  readonly engine: StoreEngine;
  /** The configured admin password was refused and an empty one was accepted. */
  readonly usedEmptyAdminPassword: boolean;
  status(dbName: string): Promise<ClusterStatus>;
  /** Set the admin password (needs a connection as admin). reqlite: EngineLimitationError. */
  setAdminPassword(password: string): Promise<void>;
  /** Create or update a user and grant it what a node needs; returns the grants. reqlite: EngineLimitationError. */
  ensureUser(user: string, password: string, ledgerDb: string): Promise<Grant[]>;
  /** Set RethinkDB's cluster heartbeat timeout (seconds); reqlite: EngineLimitationError. */
  setHeartbeatTimeout(seconds: number): Promise<HeartbeatChange>;
  close(): Promise<void>;
}
