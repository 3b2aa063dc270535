/**
 * Tables and secondary indexes (spec "Tables"), and the schema operations: exists, init, drop,
 * and (real RethinkDB only) reconfigure shards/replicas.
 */
import { r, type RDatum } from 'rethinkdb-ts';
import type { Logger } from '../../shared/log.js';
import type { DbConnection } from './db-connection.js';
import { DatabaseExistsError, DatabaseMissingError, EngineLimitationError } from './errors.js';
import type { StoreEngine } from './ledger-store.js';

export const TABLES = [
  'backlog',
  'bigchain',
  'votes',
  'assets',
  'metadata',
  'tx_blocks',
  'spent_by',
  'requeue_claims',
] as const;
export type TableName = (typeof TABLES)[number];

/* eslint-disable @typescript-eslint/no-explicit-any -- ReQL row terms are untyped documents */
type Row = RDatum<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

interface IndexSpec {
  name: string;
  fn: (row: Row) => unknown;
  multi?: boolean;
}

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
};

export class Schema {
  constructor(
    private readonly db: DbConnection,
    private readonly dbName: string,
    private readonly engine: StoreEngine,
    private readonly log: Logger,
  ) {}

  async exists(): Promise<boolean> {
    const dbs = await this.db.run(r.dbList());
    return dbs.includes(this.dbName);
  }

  /** Create database, tables and indexes. Rejects with DatabaseExistsError if it exists. */
  async create(options: { shards?: number; replicas?: number }): Promise<void> {
    if (await this.exists()) throw new DatabaseExistsError(this.dbName);
    try {
      await this.db.run(r.dbCreate(this.dbName));
    } catch (e) {
      // Two nodes starting at once: the loser sees "already exists".
      if (/already exists/i.test(String((e as Error).message))) throw new DatabaseExistsError(this.dbName);
      throw e;
    }
    const tableOptions = this.tableOptions(options);
    for (const table of TABLES) {
      await this.db.run(r.db(this.dbName).tableCreate(table, tableOptions));
      for (const index of INDEXES[table]) {
        await this.db.run(
          r
            .db(this.dbName)
            .table(table)
            .indexCreate(index.name, index.fn, { multi: index.multi ?? false }),
        );
      }
      await this.db.run(r.db(this.dbName).table(table).indexWait());
    }
  }

  async drop(): Promise<void> {
    if (!(await this.exists())) throw new DatabaseMissingError(this.dbName);
    await this.db.run(r.dbDrop(this.dbName));
  }

  /** Reconfigure every table (RethinkDB: `reconfigure` then `wait`). reqlite: typed error. */
  async reconfigure(change: { shards?: number; replicas?: number }): Promise<void> {
    const what = change.shards !== undefined ? 'set-shards' : 'set-replicas';
    if (this.engine === 'reqlite') {
      throw new EngineLimitationError(
        'reqlite',
        `${what} (reconfigure)`,
        'it is one in-memory server that cannot shard or replicate (reconfigure/config/wait are not implemented); use the rethinkdb engine for a real cluster',
      );
    }
    if (!(await this.exists())) throw new DatabaseMissingError(this.dbName);
    for (const table of TABLES) {
      const t = r.db(this.dbName).table(table);
      const config = (await this.db.run(t.config())) as unknown as { shards: { replicas: string[] }[] };
      const shards = change.shards ?? config.shards.length;
      const replicas = change.replicas ?? config.shards[0]?.replicas.length ?? 1;
      await this.db.run(t.reconfigure({ shards, replicas }));
      this.log.info('table_reconfigured', { table, shards, replicas });
    }
    await this.db.run(r.db(this.dbName).wait({ waitFor: 'all_replicas_ready', timeout: 120 }));
  }

  /** RethinkDB 2.3+: a user is a row of `rethinkdb.users`; rights come from `grant`. */
  async ensureUser(user: string, password: string): Promise<void> {
    if (this.engine === 'reqlite') {
      throw new EngineLimitationError(
        'reqlite',
        'create database users',
        'it has no users or permissions (rethinkdb.users and grant are missing)',
      );
    }
    if (!(await this.exists())) throw new DatabaseMissingError(this.dbName);
    await this.db.run(
      r.db('rethinkdb').table('users').insert({ id: user, password }, { conflict: 'update' }),
    );
    await this.db.run(r.db(this.dbName).grant(user, { read: true, write: true }));
    this.log.info('database_user_granted', { user, db: this.dbName });
  }

  private tableOptions(options: { shards?: number; replicas?: number }): {
    shards?: number;
    replicas?: number;
  } {
    if (this.engine === 'reqlite') {
      if ((options.shards ?? 1) > 1 || (options.replicas ?? 1) > 1) {
        this.log.warn('engine_limitation', {
          engine: 'reqlite',
          ignored: options,
          why: 'reqlite cannot shard or replicate',
        });
      }
      return {};
    }
    return { shards: options.shards, replicas: options.replicas };
  }
}
