/**
 * Tables and secondary indexes (spec "Tables"), and the schema operations: readiness, init
 * (creates what is missing), drop, and (real RethinkDB only) reconfigure shards/replicas. The
 * operations live beside this file: schema-create.ts, schema-reconfigure.ts, schema-probe.ts.
 */
import { r, type RDatum } from 'rethinkdb-ts';
import type { Logger } from '../../shared/log.js';
import type { DbConnection } from './db-connection.js';
import { DatabaseMissingError } from './errors.js';
import type { StoreEngine } from './ledger-store.js';
import { createMissing, type CreateOptions, type IndexSpec, type TableSpec } from './schema-create.js';
import { runDdl } from './ddl.js';
import { ddlEnv, type SchemaEnv } from './schema-env.js';
import { databaseExists, readSchemaReadiness } from './schema-probe.js';
import type { ExpectedTable, SchemaReadiness } from './schema-readiness.js';
import { checkEnoughServers, reconfigureTables, type LayoutChange } from './schema-reconfigure.js';
import { waitSchemaReady } from './schema-wait.js';
import {
  finishMembershipMigration,
  hasSetAsideMembership,
  setAsideEpochKeyedMembership,
} from './membership-migrate.js';

export const TABLES = [
  'backlog',
  'bigchain',
  'votes',
  'assets',
  'metadata',
  'tx_blocks',
  'spent_by',
  'requeue_claims',
  'heartbeats',
  'membership',
] as const;
export type TableName = (typeof TABLES)[number];

/* eslint-disable @typescript-eslint/no-explicit-any -- ReQL row terms are untyped documents */
type Row = RDatum<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Index names used by the queries; kept in one place. */
export const IDX = {
  backlogAssignee: 'assignee__transaction_timestamp',
  backlogTimestamp: 'assignment_timestamp',
  blockTx: 'transaction_id',
  blockAsset: 'asset_id',
  blockOutputKey: 'outputs',
  blockSpent: 'inputs',
  blockUnsettled: 'unsettled',
  voteBlockVoter: 'block_and_voter',
  voteVoter: 'node_pubkey',
  blockCreator: 'node_pubkey',
} as const;

const txs = (row: Row): Row => row('block')('transactions');

const INDEXES: Record<TableName, IndexSpec[]> = {
  backlog: [
    { name: IDX.backlogAssignee, fn: (row) => [row('assignee'), row('assignment_timestamp')] },
    { name: IDX.backlogTimestamp, fn: (row) => row('assignment_timestamp') },
  ],
  bigchain: [
    { name: IDX.blockTx, multi: true, fn: (row) => txs(row)('id') },
    {
      name: IDX.blockAsset,
      multi: true,
      fn: (row) =>
        txs(row).map((tx: Row) => r.branch(tx('operation').eq('CREATE'), tx('id'), tx('asset')('id'))),
    },
    {
      name: IDX.blockOutputKey,
      multi: true,
      fn: (row) => txs(row).concatMap((tx: Row) => tx('outputs').concatMap((o: Row) => o('public_keys'))),
    },
    {
      name: IDX.blockSpent,
      multi: true,
      fn: (row) =>
        txs(row).concatMap((tx: Row) =>
          tx('inputs')
            .filter((i: Row) => i('fulfills').ne(null))
            .map((i: Row) => [i('fulfills')('transaction_id'), i('fulfills')('output_index')]),
        ),
    },
    // Only blocks not yet settled by the election stage carry the field, so the index stays small.
    { name: IDX.blockUnsettled, fn: (row) => row('unsettled') },
    // Blocks this node created, counted for /health without a scan.
    { name: IDX.blockCreator, fn: (row) => row('block')('node_pubkey') },
  ],
  votes: [
    { name: IDX.voteBlockVoter, fn: (row) => [row('vote')('voting_for_block'), row('node_pubkey')] },
    { name: IDX.voteVoter, fn: (row) => row('node_pubkey') },
  ],
  assets: [],
  metadata: [],
  tx_blocks: [],
  spent_by: [],
  requeue_claims: [],
  // Liveness: one tiny row per node, read whole (heartbeat-queries.ts); no index needed.
  heartbeats: [],
  // Membership records, keyed by record id (issue 16: several candidates per epoch may coexist),
  // read whole (a handful of rows). No `epoch` index on purpose: readiness would then call every
  // database made before it not ready, and nodes would not start until init ran again.
  membership: [],
};

/** Tables whose primary key is not `id` (membership was keyed by `epoch` before issue 16). */
const PRIMARY_KEYS: Partial<Record<TableName, string>> = {};

/** Every table with its indexes, in creation order. */
export const SCHEMA: readonly TableSpec[] = TABLES.map((name) => ({
  name,
  indexes: INDEXES[name],
  ...(PRIMARY_KEYS[name] === undefined ? {} : { primaryKey: PRIMARY_KEYS[name] }),
}));

/** What readiness checks: table names and index names. */
export function expectedSchema(): ExpectedTable[] {
  return SCHEMA.map((t) => ({ name: t.name, indexes: t.indexes.map((i) => i.name) }));
}

export class Schema {
  private readonly env: SchemaEnv;

  constructor(db: DbConnection, dbName: string, engine: StoreEngine, log: Logger) {
    this.env = { db, dbName, engine, log };
  }

  /** Whether the database exists (it may still lack tables or indexes: see readiness()). */
  exists(): Promise<boolean> {
    return databaseExists(this.env.db, this.env.dbName);
  }

  /** Every table and index exists and is ready (not merely the database name). */
  readiness(): Promise<SchemaReadiness> {
    return readSchemaReadiness(this.env.db, this.env.dbName, this.env.engine, expectedSchema());
  }

  /** Poll readiness; SchemaNotReadyError naming what is missing or not ready after `timeoutMs`. */
  waitReady(timeoutMs: number): Promise<void> {
    return waitSchemaReady(this.env.dbName, () => this.readiness(), timeoutMs);
  }

  /**
   * Create what is missing (database, tables, indexes; concurrently); returns what it created.
   * With `ifDatabaseMissing`, an existing database is DatabaseExistsError (start's
   * init-if-needed); with `layout`, the tables made now get it at once (RethinkDB).
   */
  createMissing(options: CreateOptions): Promise<string[]> {
    return createMissing(this.env, SCHEMA, options);
  }

  /** Issue 16, before createMissing: an epoch-keyed membership table is renamed aside (membership-migrate.ts). */
  setAsideEpochKeyedMembership(): Promise<boolean> {
    return setAsideEpochKeyedMembership(this.env);
  }

  /** Whether a set-aside membership table waits to be copied (an interrupted migration included). */
  hasSetAsideMembership(): Promise<boolean> {
    return hasSetAsideMembership(this.env);
  }

  /** Issue 16, once ready: the set-aside membership rows are copied to the new table; rows copied. */
  finishMembershipMigration(): Promise<number> {
    return finishMembershipMigration(this.env);
  }

  async drop(): Promise<void> {
    if (!(await this.exists())) throw new DatabaseMissingError(this.env.dbName);
    await runDdl(ddlEnv(this.env), {
      what: `drop database ${this.env.dbName}`,
      query: r.dbDrop(this.env.dbName),
      verify: async () => !(await this.exists()),
    });
  }

  /** Fail before any DDL when the cluster has fewer servers than `replicas` (RethinkDB). */
  checkReplicasPossible(replicas: number): Promise<void> {
    return checkEnoughServers(this.env, replicas);
  }

  /**
   * RethinkDB: reconfigure every table, set write_acks majority + durability hard, wait for
   * all_replicas_ready (bounded). With `onlyChanged` (init, whose new tables were made with the
   * layout), a table that already has the layout is not reconfigured again. reqlite:
   * EngineLimitationError before anything runs.
   */
  reconfigure(
    change: LayoutChange,
    timeoutMs = 120_000,
    options: { onlyChanged?: boolean } = {},
  ): Promise<void> {
    return reconfigureTables(this.env, TABLES, change, timeoutMs, options);
  }

  get engine(): StoreEngine {
    return this.env.engine;
  }
  get dbName(): string {
    return this.env.dbName;
  }
}
