/**
 * The backup file: the archive's JSON, gzip-compressed when the name ends in .gz; written whole
 * (a temporary file beside it, then renamed), mode 0600; read back whichever way it was written.
 */
import { createHash } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FedlabError } from '../../shared/errors.js';
import type { LedgerArchive } from '../../protocol/ledger-archive.js';
import type { BackupSummary } from './ledger-io.js';

export const BACKUP_FILE_MODE = 0o600;

/**
 * The most a backup may decompress to: a small file must not inflate without bound (a "zip
 * bomb"), and the text must fit one JavaScript string (about 512 MiB) to be parsed at all.
 */
export const MAX_BACKUP_TEXT_BYTES = 256 * 1024 * 1024;

export const isGzipName = (file: string): boolean => /\.gz$/i.test(file);
const isGzipData = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Pure: the bytes to write for `text` (gzip for a .gz name). */
export function backupBytes(file: string, text: string): Buffer {
  const raw = Buffer.from(text.endsWith('\n') ? text : text + '\n', 'utf8');
  return isGzipName(file) ? gzipSync(raw) : raw;
}

export async function writeBackupFile(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, bytes, { mode: BACKUP_FILE_MODE, flag: 'wx' });
    await chmod(tmp, BACKUP_FILE_MODE); // whatever the umask
    await rename(tmp, file);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw new FedlabError(
      'BACKUP_WRITE_FAILED',
      `cannot write the backup ${file}: ${(cause as Error).message}; check the directory exists and is writable`,
      {
        details: { file },
        cause,
      },
    );
  }
}

/** The archive text of a backup file (gunzipped when it is gzip data, whatever its name). */
export async function readBackupFile(file: string, maxTextBytes = MAX_BACKUP_TEXT_BYTES): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new FedlabError(
      'BACKUP_UNREADABLE',
      `cannot read the backup ${file}: ${(cause as Error).message}; check the path`,
      {
        details: { file },
        cause,
      },
    );
  }
  if (!isGzipData(bytes)) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes, { maxOutputLength: maxTextBytes }).toString('utf8');
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new FedlabError(
        'BACKUP_TOO_LARGE',
        `${file} decompresses to more than ${maxTextBytes} bytes, the most a backup may hold; ` +
          'it is not a backup fedlab wrote (or a ledger too large to restore in one piece): use another backup',
        { details: { file, maxTextBytes }, cause },
      );
    throw new FedlabError(
      'LEDGER_ARCHIVE_INVALID',
      `${file} is gzip data that cannot be decompressed (${(cause as Error).message}); the file is truncated or damaged: use another backup`,
      {
        details: { file },
        cause,
      },
    );
  }
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Pure: what a backup holds. */
export function backupSummary(
  file: string,
  federation: string,
  archive: LedgerArchive,
  bytes: Uint8Array,
): BackupSummary {
  const txs = new Set<string>();
  for (const b of archive.blocks) for (const tx of b.block.transactions) txs.add(tx.id);
  for (const r of archive.backlog) txs.add(r.tx.id);
  return {
    file,
    federation,
    members: [...archive.members],
    blocks: archive.blocks.length,
    votes: archive.votes.length,
    backlog: archive.backlog.length,
    transactions: txs.size,
    bytes: bytes.byteLength,
    sha256: sha256Hex(bytes),
    ...(archive.sha256 ? { contentSha256: archive.sha256 } : {}),
    createdAt: archive.createdAt,
    engine: archive.engine,
    compressed: isGzipName(file),
  };
}

/** Pure: one line per fact, for the CLI. */
export function describeBackup(s: BackupSummary): string[] {
  return [
    `backup of "${s.federation}" written to ${s.file} (${s.bytes} bytes${s.compressed ? ', gzip' : ''}, 0600)`,
    `  ${s.blocks} blocks, ${s.votes} votes, ${s.backlog} backlog rows, ${s.transactions} transactions`,
    `  members (${s.members.length}): ${s.members.join(', ')}`,
    `  sha256 ${s.sha256}`,
  ];
}
