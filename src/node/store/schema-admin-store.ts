/** The store as the admin commands (`init`, `drop`, `set-shards`, `set-replicas`) and `start`'s init-if-needed see it. */
import type { InitOptions, SchemaReadiness, StoreEngine } from './ledger-store.js';

export interface SchemaAdminStore {
  /** Detected once at connect: real RethinkDB or reqlite. */
  readonly engine: StoreEngine;
  /** Name of the database (default `bigchain`). */
  readonly dbName: string;
  /** Whether the database exists (it may still lack tables or indexes: see `schemaReadiness`). */
  exists(): Promise<boolean>;
  /** Whether every table and index exists and is ready, and what is missing or not ready. */
  schemaReadiness(): Promise<SchemaReadiness>;
  /** Wait until the schema is ready; `SchemaNotReadyError` (code `SCHEMA_NOT_READY`) naming what is not. */
  waitSchemaReady(timeoutMs: number): Promise<void>;
  /**
   * Create what is missing of the database, tables and secondary indexes (completing a partial
   * schema), wait until all are ready, and write the genesis block if there is none. Rejects with
   * `DatabaseExistsError` (code `DB_EXISTS`) when everything, genesis included, already existed.
   * DDL is never retried blindly (see ddl.ts).
   */
  init(options: InitOptions): Promise<void>;
  /** Drop the database. Rejects with `DatabaseMissingError` when it does not exist. */
  drop(): Promise<void>;
  /**
   * Reconfigure every table to `n` shards, then wait until all replicas are ready.
   * reqlite: rejects with `EngineLimitationError` (code `ENGINE_LIMITATION`).
   */
  setShards(n: number): Promise<void>;
  /** Same as `setShards`, for replicas. reqlite: `EngineLimitationError`. */
  setReplicas(n: number): Promise<void>;
  /** Close the connection and every open feed; idempotent. */
  close(): Promise<void>;
}
