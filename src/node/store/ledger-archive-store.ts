/**
 * The tables as `bigchaindb export` / `import` read and write them: whole-table reads, and writes
 * that go through the same code as the pipelines' (blocks through `BlockQueries.write`, so the
 * derived tables — assets, metadata, tx_blocks, spent_by — are rebuilt exactly as a new block
 * builds them). Every write is keyed by a primary key (insert, conflict error; duplicates
 * ignored), so an import re-run after a crash midway adds nothing twice.
 */
import { r, type WriteResult } from 'rethinkdb-ts';
import type { Block, Vote } from '../core/index.js';
import { createLogger, type Logger } from '../../shared/log.js';
import { BacklogQueries } from './backlog-queries.js';
import { BlockQueries } from './block-queries.js';
import { DbConnection, type Runnable } from './db-connection.js';
import { detectEngine } from './engine.js';
import { DatabaseMissingError } from './errors.js';
import { HeartbeatQueries } from './heartbeat-queries.js';
import type { BacklogRow, HeartbeatSnapshot, StoreConnectOptions, StoreEngine } from './ledger-store.js';
import { LookupQueries } from './lookups.js';
import {
  backlogDoc,
  backlogRowFromDoc,
  voteDoc,
  voteFromDoc,
  type BacklogDoc,
  type BlockDoc,
  type VoteDoc,
} from './rows.js';
import { databaseExists } from './schema-probe.js';
import { checkWrite, Tables, type StoreContext } from './tables.js';
import { MEMBERSHIP_TABLE, MembershipQueries } from './membership-queries.js';

/** The ledger's own tables; every other table is derived or bookkeeping (`otherTables`). */
export const ARCHIVED_TABLES = ['backlog', 'bigchain', 'votes', 'membership'] as const;

/** Rows per insert query. */
const WRITE_BATCH = 200;

export class LedgerArchiveStore {
  private readonly c: StoreContext;
  private readonly blocks: BlockQueries;
  private readonly heartbeats: HeartbeatQueries;
  private readonly backlogQueries: BacklogQueries;

  private constructor(
    private readonly db: DbConnection,
    readonly dbName: string,
    readonly engine: StoreEngine,
    log: Logger,
  ) {
    this.c = { db, t: new Tables(dbName), log };
    this.blocks = new BlockQueries(this.c, new LookupQueries(this.c));
    this.heartbeats = new HeartbeatQueries(this.c);
    this.backlogQueries = new BacklogQueries(this.c);
  }

  /** Connect, detect the engine; DatabaseMissingError when the ledger database does not exist. */
  static async open(options: StoreConnectOptions, log: Logger = createLogger()): Promise<LedgerArchiveStore> {
    const db = await DbConnection.open(options, log);
    try {
      const dbName = options.db ?? 'bigchain';
      if (!(await databaseExists(db, dbName))) throw new DatabaseMissingError(dbName);
      return new LedgerArchiveStore(db, dbName, await detectEngine(db), log);
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  async readBacklog(): Promise<BacklogRow[]> {
    return ((await this.db.run(this.c.t.backlog)) as BacklogDoc[]).map(backlogRowFromDoc);
  }

  /** Block documents as stored (the `genesis` flag and the election's bookkeeping included). */
  async readBlockDocs(): Promise<BlockDoc[]> {
    return (await this.db.run(this.c.t.bigchain)) as BlockDoc[];
  }

  async readVotes(): Promise<Vote[]> {
    return ((await this.db.run(this.c.t.votes)) as VoteDoc[]).map(voteFromDoc);
  }

  /** The membership table's rows, as stored. */
  readMembership(): Promise<unknown[]> {
    return new MembershipQueries(this.db, this.dbName).rows();
  }

  /** The archive's membership records replace this ledger's (a fresh one holds only its epoch 0). */
  async replaceMembership(records: readonly unknown[]): Promise<void> {
    const table = r.db(this.dbName).table(MEMBERSHIP_TABLE);
    checkWrite(await this.db.run(table.delete()), 'membership delete');
    if (records.length > 0)
      checkWrite(
        await this.db.run(table.insert([...records] as object[], { conflict: 'replace' })),
        'membership insert',
      );
  }

  /** Raw rows of every table but the archived ones. */
  async readOtherTables(): Promise<Record<string, unknown[]>> {
    const names = (await this.db.run(r.db(this.dbName).tableList())) as string[];
    const other = names.filter((n) => !(ARCHIVED_TABLES as readonly string[]).includes(n)).sort();
    const rows = await Promise.all(
      other.map((n) => this.db.run(r.db(this.dbName).table(n)) as Promise<unknown[]>),
    );
    return Object.fromEntries(other.map((n, i) => [n, rows[i] ?? []]));
  }

  /** The genesis block's id (DatabaseMissingError when init never wrote one). */
  genesisId(): Promise<string> {
    return this.blocks.genesis();
  }

  readHeartbeats(): Promise<HeartbeatSnapshot> {
    return this.heartbeats.read();
  }

  /** Inserts votes by their (block, voter) key; returns how many were new. */
  async writeVotes(votes: readonly Vote[]): Promise<number> {
    const table = this.c.t.votes;
    return this.insertBatches(
      votes.map(voteDoc),
      (docs) => table.insert(docs, { conflict: 'error' }),
      'vote insert',
    );
  }

  /** As the block stage writes a block: assets, metadata, lookups, then the block (idempotent). */
  writeBlock(block: Block): Promise<void> {
    return this.blocks.write(block);
  }

  /** Inserts backlog rows by transaction id, keeping a row already there; returns how many were new. */
  async writeBacklog(rows: readonly BacklogRow[]): Promise<number> {
    const docs: BacklogDoc[] = rows.map((row) => backlogDoc(row.tx, row.assignee, row.assignmentTimestampMs));
    const table = this.c.t.backlog;
    return this.insertBatches(docs, (batch) => table.insert(batch, { conflict: 'error' }), 'backlog insert');
  }

  async backlogRow(txId: string): Promise<BacklogRow | null> {
    return this.backlogQueries.get(txId);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private async insertBatches<T>(
    docs: readonly T[],
    insert: (batch: T[]) => Runnable<WriteResult>,
    what: string,
  ): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < docs.length; i += WRITE_BATCH) {
      const result = checkWrite(await this.db.run(insert(docs.slice(i, i + WRITE_BATCH))), what);
      inserted += result.inserted;
    }
    return inserted;
  }
}
