/**
 * The ledger archive: what `bigchaindb export` writes and `bigchaindb import` reads, what
 * `fedlab backup` keeps in a file and what the lab's invariants checker reads the tables from.
 * CONTRACT (owner: backup/restore work): the fields below are relied on by the scenario runner
 * and the invariants checker; extend, do not rename.
 */
import type { Block, Vote } from './block.js';
import type { Transaction } from './types.js';

export const LEDGER_ARCHIVE_FORMAT = 'fedlab-ledger-archive';
export const LEDGER_ARCHIVE_VERSION = 1;

export interface ArchivedBacklogRow {
  tx: Transaction;
  assignee: string;
  assignmentTimestampMs: number;
}

export interface LedgerArchive {
  format: typeof LEDGER_ARCHIVE_FORMAT;
  version: typeof LEDGER_ARCHIVE_VERSION;
  /** ISO time the export started. */
  createdAt: string;
  /** The database name (default bigchain). */
  database: string;
  engine: 'rethinkdb' | 'reqlite';
  /** The federation's member public keys as the exporting node knows them (self + keyring), sorted. */
  members: string[];
  blocks: Block[];
  votes: Vote[];
  backlog: ArchivedBacklogRow[];
  /** Raw rows of every other table (derived lookups, heartbeats), only with --all-tables (failure bundles). */
  otherTables?: Record<string, unknown[]>;
}
