/**
 * `bigchaindb export [--out FILE|-] [--all-tables]`: the ledger as one JSON ledger archive
 * (src/protocol/ledger-archive.ts): backlog read first, then blocks, then votes, so every
 * transaction that was in the backlog when the export started is in the archive's backlog or
 * in one of its blocks. --all-tables adds every other table's raw rows (failure bundles).
 * Stdout by default; a FILE is written whole (temporary file, then renamed), mode 0600.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { requireKeypair } from '../../config/load.js';
import { membersOf } from '../../pipeline/members.js';
import { exportLedgerArchive } from '../../store/ledger-archive-export.js';
import { LedgerArchiveStore } from '../../store/ledger-archive-store.js';
import { load, nodeLogger, type CliContext } from '../context.js';
import { storeConnectOptions } from '../store-options.js';

export interface ExportFlags {
  out?: string;
  allTables?: boolean;
}

export async function exportCommand(ctx: CliContext, flags: ExportFlags): Promise<void> {
  const loaded = await load(ctx);
  const { publicKey } = requireKeypair(loaded);
  const { config } = loaded;
  const logger = nodeLogger(ctx, config, 'export');
  const store = await LedgerArchiveStore.open(storeConnectOptions(config), logger);
  const started = performance.now();
  let text: string;
  try {
    const archive = await exportLedgerArchive(store, {
      members: membersOf(publicKey, config.keyring),
      allTables: flags.allTables ?? false,
    });
    text = JSON.stringify(archive);
    const c = archive.counts;
    const took = Math.round(performance.now() - started);
    ctx.io.err(
      `exported ${c?.blocks} blocks, ${c?.votes} votes, ${c?.backlog} backlog rows (${c?.transactions} transactions) ` +
        `of "${store.dbName}" in ${took} ms, ${Buffer.byteLength(text)} bytes, sha256 ${archive.sha256}`,
    );
  } finally {
    await store.close();
  }
  if (flags.out === undefined || flags.out === '-') ctx.io.out(text);
  else await writeFileAtomic(flags.out, text + '\n');
}

/** A temporary file beside `file` (0600), then renamed over it: readers never see half a file. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
