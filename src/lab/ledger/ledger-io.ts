/**
 * The lab's side of the ledger archive (CONTRACT, owner: backup/restore work): export the
 * tables of a running federation through a one-shot container of its designated operator's
 * node (`bigchaindb export`), write a backup file, restore one into a fresh federation.
 */
import { z } from 'zod';
import { FedlabError } from '../../shared/errors.js';
import {
  parseLedgerArchive,
  requireSealedArchive,
  type LedgerArchive,
} from '../../protocol/ledger-archive.js';
import type { LabContext } from '../context.js';
import { lastJsonObject } from '../up/cluster-cli.js';
import { backupBytes, backupSummary, readBackupFile, writeBackupFile } from './backup-file.js';
import { LedgerCli } from './ledger-cli.js';
import { findLedgerTarget } from './ledger-target.js';
import { checkRestoreMembers, checkRestoreTarget } from './restore-checks.js';

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
  /** SHA-256 of the file's bytes (what `sha256sum FILE` prints). */
  sha256: string;
  /** The archive's own sha256 (of its content, checked when it is read back). */
  contentSha256?: string;
  createdAt?: string;
  engine?: string;
  compressed?: boolean;
}

export interface RestoreSummary {
  file: string;
  federation: string;
  blocks: number;
  votes: number;
  backlog: number;
  /** Derived rows rebuilt (assets, metadata, tx_blocks, spent_by). */
  rebuilt: Record<string, number>;
  /** Blocks, votes and backlog rows the archive held but the import did not write (its genesis block). */
  skipped?: Record<string, number>;
  elapsedMs?: number;
}

export async function exportLedger(
  ctx: LabContext,
  federation: string,
  options: { allTables?: boolean } = {},
): Promise<LedgerArchive> {
  return (await exportText(ctx, federation, options)).archive;
}

async function exportText(
  ctx: LabContext,
  federation: string,
  options: { allTables?: boolean },
): Promise<{ text: string; archive: LedgerArchive }> {
  const cli = new LedgerCli(ctx, await findLedgerTarget(ctx, federation));
  const text = (await cli.export(options)).trim();
  return { text, archive: parseLedgerArchive(text, `the export of "${federation}"`) };
}

export async function backupFederation(
  ctx: LabContext,
  federation: string,
  file: string,
): Promise<BackupSummary> {
  const { text, archive } = await exportText(ctx, federation, {});
  const bytes = backupBytes(file, text);
  await writeBackupFile(file, bytes);
  return backupSummary(file, federation, archive, bytes);
}

const importAnswerSchema = z.looseObject({
  written: z.object({ blocks: z.number(), votes: z.number(), backlog: z.number() }),
  rebuilt: z.record(z.string(), z.number()),
  skipped: z.record(z.string(), z.number()).optional(),
  elapsedMs: z.number().optional(),
});

/**
 * Refused before anything is written: LEDGER_ARCHIVE_INVALID (not sealed; and, from the node's
 * import, any row that does not verify), RESTORE_MEMBERS_MISMATCH (the archive's members are not
 * the federation's, by its public bundles and by its designated node's own config) and
 * RESTORE_TARGET_NOT_EMPTY (the federation holds more than a genesis block and probes).
 */
export async function restoreFederation(
  ctx: LabContext,
  federation: string,
  file: string,
): Promise<RestoreSummary> {
  const text = await readBackupFile(file);
  const archive = parseLedgerArchive(text, file);
  requireSealedArchive(archive, file); // the node's import refuses it too; say so before any export
  const target = await findLedgerTarget(ctx, federation);
  checkRestoreMembers(archive, target.members, federation);
  const cli = new LedgerCli(ctx, target);
  const current = parseLedgerArchive(await cli.export(), `the export of "${federation}"`);
  checkRestoreMembers(archive, current.members, federation);
  checkRestoreTarget(archive, current, federation);
  const out = await cli.import(text);
  const parsed = importAnswerSchema.safeParse(lastJsonObject(out));
  if (!parsed.success)
    throw new FedlabError(
      'RESTORE_ANSWER_INVALID',
      `bigchaindb import answered something the lab cannot read; is the node image older than the lab? rebuild it: npm run build && ./scripts/build-images.sh`,
      { details: { out: out.slice(-500) } },
    );
  const a = parsed.data;
  return {
    file,
    federation,
    blocks: a.written.blocks,
    votes: a.written.votes,
    backlog: a.written.backlog,
    rebuilt: a.rebuilt,
    ...(a.skipped ? { skipped: a.skipped } : {}),
    ...(a.elapsedMs === undefined ? {} : { elapsedMs: a.elapsedMs }),
  };
}

/** Pure: one line per fact, for the CLI. */
export function describeRestore(s: RestoreSummary): string[] {
  const rebuilt = Object.entries(s.rebuilt)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `restored ${s.file} into "${s.federation}": ${s.blocks} blocks, ${s.votes} votes, ${s.backlog} backlog rows` +
      (s.elapsedMs === undefined ? '' : ` in ${s.elapsedMs} ms`),
    `  derived rows rebuilt: ${rebuilt}`,
  ];
}
