/**
 * `bigchaindb import [FILE|-]`: write a ledger archive (from `bigchaindb export` / `fedlab
 * backup`) into this node's fresh ledger and rebuild the derived tables; prints a JSON summary.
 * Refused, before anything is written, when the archive is not sealed (counts, sha256), when its
 * members are not this node's members (self + keyring), when the ledger already holds more than
 * its genesis block, or when any row does not verify (store/ledger-archive-verify.ts: the error
 * names the row). A re-run after a crash midway resumes (every row is keyed; what exists is kept).
 */
import { readFile } from 'node:fs/promises';
import { FedlabError } from '../../../shared/errors.js';
import { parseLedgerArchive } from '../../../protocol/ledger-archive.js';
import { requireKeypair } from '../../config/load.js';
import { membersOf } from '../../pipeline/members.js';
import { importLedgerArchive } from '../../store/ledger-archive-import.js';
import { LedgerArchiveStore } from '../../store/ledger-archive-store.js';
import { CliUsageError } from '../cli-errors.js';
import { load, nodeLogger, type CliContext } from '../context.js';
import { storeConnectOptions } from '../store-options.js';

async function readArchiveText(ctx: CliContext, file: string): Promise<string> {
  if (file === '-') {
    if (!ctx.io.readStdin) throw new CliUsageError('import: this context cannot read stdin; give a FILE');
    return ctx.io.readStdin();
  }
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new FedlabError(
      'ARCHIVE_UNREADABLE',
      `cannot read ${file}: ${(cause as Error).message}; check the path`,
      {
        details: { file },
        cause,
      },
    );
  }
}

export async function importCommand(ctx: CliContext, file = '-'): Promise<void> {
  const loaded = await load(ctx);
  const { publicKey } = requireKeypair(loaded);
  const { config } = loaded;
  const source = file === '-' ? 'the archive on stdin' : file;
  const archive = parseLedgerArchive(await readArchiveText(ctx, file), source);
  const logger = nodeLogger(ctx, config, 'import');
  const store = await LedgerArchiveStore.open(storeConnectOptions(config), logger);
  try {
    const summary = await importLedgerArchive(store, archive, {
      self: publicKey,
      members: membersOf(publicKey, config.keyring),
      deadAfterMs: config.liveness.dead_after_ms,
      policy: config.policy,
      source,
    });
    ctx.io.out(JSON.stringify(summary, null, 2));
    ctx.io.err(
      `imported ${summary.written.blocks} blocks, ${summary.written.votes} votes, ${summary.written.backlog} backlog rows ` +
        `into "${summary.database}" in ${summary.elapsedMs} ms (verified in ${summary.verifyMs} ms)`,
    );
    for (const d of summary.droppedBacklog)
      ctx.io.err(`left out backlog transaction ${d.txId}: ${d.code}: ${d.reason}`);
  } finally {
    await store.close();
  }
}
