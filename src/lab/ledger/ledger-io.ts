/**
 * The lab's side of the ledger archive (CONTRACT, owner: backup/restore work): export the
 * tables of a running federation through a one-shot container of its designated operator's
 * node (`bigchaindb export`), write a backup file, restore one into a fresh federation.
 */
import { FedlabError } from '../../shared/errors.js';
import type { LedgerArchive } from '../../protocol/ledger-archive.js';
import type { LabContext } from '../context.js';

export interface BackupSummary {
  file: string;
  federation: string;
  members: string[];
  blocks: number;
  votes: number;
  backlog: number;
  /** Transactions in blocks (any status) plus backlog rows not in a block. */
  transactions: number;
  bytes: number;
  sha256: string;
}

export interface RestoreSummary {
  file: string;
  federation: string;
  blocks: number;
  votes: number;
  backlog: number;
  /** Derived rows rebuilt (assets, metadata, tx_blocks, spent_by). */
  rebuilt: Record<string, number>;
}

export async function exportLedger(
  _ctx: LabContext,
  _federation: string,
  _options: { allTables?: boolean } = {},
): Promise<LedgerArchive> {
  throw new FedlabError('NOT_BUILT', 'exportLedger is being built');
}

export async function backupFederation(_ctx: LabContext, _federation: string, _file: string): Promise<BackupSummary> {
  throw new FedlabError('NOT_BUILT', 'backup is being built');
}

export async function restoreFederation(_ctx: LabContext, _federation: string, _file: string): Promise<RestoreSummary> {
  throw new FedlabError('NOT_BUILT', 'restore is being built');
}
