/**
 * The ledger archive: what `bigchaindb export` writes and `bigchaindb import` reads, what
 * `fedlab backup` keeps in a file and what the lab's invariants checker reads the tables from.
 * CONTRACT (owner: backup/restore work): the fields below are relied on by the scenario runner
 * and the invariants checker; extend, do not rename.
 *
 * Sealed archives carry `counts` and `sha256` (SHA-256 of the canonical JSON of every other
 * field): `parseLedgerArchive` checks both, so a truncated or edited file is refused.
 */
import { hash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../shared/crypto/index.js';
import type { Block, Vote } from './block.js';
import type { Transaction } from './types.js';
import { LedgerArchiveError } from './ledger-archive-errors.js';

export { LedgerArchiveError } from './ledger-archive-errors.js';

export const LEDGER_ARCHIVE_FORMAT = 'fedlab-ledger-archive';
export const LEDGER_ARCHIVE_VERSION = 1;

export interface ArchivedBacklogRow {
  tx: Transaction;
  assignee: string;
  assignmentTimestampMs: number;
}

/** What an archive holds, in numbers (checked against the arrays when parsed). */
export interface LedgerArchiveCounts {
  blocks: number;
  votes: number;
  backlog: number;
  /** Distinct transactions in blocks (any status) plus backlog rows not in a block. */
  transactions: number;
}

export interface LedgerArchive {
  format: typeof LEDGER_ARCHIVE_FORMAT;
  version: typeof LEDGER_ARCHIVE_VERSION;
  /** ISO time the export started. */
  createdAt: string;
  /** The database name (default bigchain). */
  database: string;
  engine: 'rethinkdb' | 'reqlite';
  /**
   * The federation's current member public keys, sorted: the last membership epoch's (or, with no
   * membership record, the exporting node's keyring plus itself).
   */
  members: string[];
  /** The membership table's records (issue 12): every block is judged against its epoch's members. */
  membership?: unknown[];
  blocks: Block[];
  votes: Vote[];
  backlog: ArchivedBacklogRow[];
  /** Raw rows of every other table (derived lookups, heartbeats), only with --all-tables (failure bundles). */
  otherTables?: Record<string, unknown[]>;
  /** Id of the exporting database's genesis block (import skips it: the target has its own). */
  genesisBlockId?: string;
  counts?: LedgerArchiveCounts;
  /** SHA-256 (hex) of the canonical JSON of the archive without this field. */
  sha256?: string;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters');
const key = z.string().min(32).max(64);

// Transactions are kept whole (looseObject): the node validated them when they were committed,
// and their ids are hashes of their full content.
const transactionSchema = z.looseObject({
  id: hex64,
  version: z.string(),
  operation: z.enum(['CREATE', 'TRANSFER']),
  inputs: z.array(z.looseObject({ owners_before: z.array(z.string()) })),
  outputs: z.array(z.looseObject({ amount: z.string(), public_keys: z.array(z.string()) })),
  asset: z.looseObject({}),
  metadata: z.record(z.string(), z.unknown()).nullable(),
});

const blockSchema = z.object({
  id: hex64,
  block: z.object({
    timestamp: z.string().regex(/^[0-9]{1,20}$/),
    transactions: z.array(transactionSchema),
    node_pubkey: key,
    voters: z.array(key).min(1),
  }),
  signature: z.string().min(1),
});

const voteSchema = z.object({
  node_pubkey: key,
  signature: z.string().min(1),
  vote: z.object({
    voting_for_block: hex64,
    previous_block: hex64,
    is_block_valid: z.boolean(),
    invalid_reason: z.string().nullable(),
    timestamp: z.string().regex(/^[0-9]{1,20}$/),
  }),
});

const count = z.number().int().nonnegative();

export const ledgerArchiveSchema = z.object({
  format: z.literal(LEDGER_ARCHIVE_FORMAT),
  version: z.literal(LEDGER_ARCHIVE_VERSION),
  createdAt: z.iso.datetime(),
  database: z.string().min(1),
  engine: z.enum(['rethinkdb', 'reqlite']),
  members: z.array(key).min(1),
  blocks: z.array(blockSchema),
  votes: z.array(voteSchema),
  backlog: z.array(
    z.object({ tx: transactionSchema, assignee: key, assignmentTimestampMs: z.number().int() }),
  ),
  otherTables: z.record(z.string(), z.array(z.unknown())).optional(),
  membership: z.array(z.unknown()).optional(),
  genesisBlockId: hex64.optional(),
  counts: z.object({ blocks: count, votes: count, backlog: count, transactions: count }).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

/** Pure: the counts of an archive's arrays. */
export function countsOf(archive: Pick<LedgerArchive, 'blocks' | 'votes' | 'backlog'>): LedgerArchiveCounts {
  const txs = new Set<string>();
  for (const b of archive.blocks) for (const tx of b.block.transactions) txs.add(tx.id);
  for (const row of archive.backlog) txs.add(row.tx.id);
  return {
    blocks: archive.blocks.length,
    votes: archive.votes.length,
    backlog: archive.backlog.length,
    transactions: txs.size,
  };
}

/** SHA-256 (hex) of the canonical JSON of `archive` without its `sha256` field. */
export function archiveContentSha256(archive: object): string {
  const { sha256: _ignored, ...content } = archive as { sha256?: unknown };
  return hash('sha256', canonicalJson(content), 'hex');
}

/** Adds `counts` and `sha256` (replacing any there). */
export function sealLedgerArchive(archive: LedgerArchive): LedgerArchive {
  const { sha256: _old, ...rest } = archive;
  const counted = { ...rest, counts: countsOf(rest) };
  return { ...counted, sha256: archiveContentSha256(counted) };
}

/**
 * Parses an archive's JSON text; `source` (a file name, "stdin") is named in every error.
 * LedgerArchiveError: not JSON, another format or version, a schema problem (`path: message`),
 * counts or sha256 that do not match the content (a corrupt or edited file).
 */
export function parseLedgerArchive(text: string, source: string): LedgerArchive {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    const what = text.trim() === '' ? 'is empty' : `is not JSON (${(cause as Error).message})`;
    throw new LedgerArchiveError(source, what, 'the file is truncated or not a ledger archive', cause);
  }
  return checkLedgerArchive(raw, source);
}

/** As parseLedgerArchive, for an already parsed value. */
export function checkLedgerArchive(raw: unknown, source: string): LedgerArchive {
  checkHeader(raw, source);
  const parsed = ledgerArchiveSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new LedgerArchiveError(source, `does not hold a valid ledger archive (${problems.join('; ')})`);
  }
  // The value as read, not zod's copy: an unknown key inside a block is kept (ids hash it all).
  const archive = raw as LedgerArchive;
  if (archive.counts) {
    const actual = countsOf(archive);
    const wrong = (Object.keys(actual) as (keyof LedgerArchiveCounts)[]).filter(
      (k) => actual[k] !== archive.counts?.[k],
    );
    if (wrong.length > 0)
      throw new LedgerArchiveError(
        source,
        `is corrupt: counts say ${wrong.map((k) => `${k} ${archive.counts?.[k]}`).join(', ')} but it holds ${wrong.map((k) => actual[k]).join(', ')}`,
      );
  }
  if (archive.sha256 !== undefined && archiveContentSha256(raw as object) !== archive.sha256)
    throw new LedgerArchiveError(source, 'is corrupt: its content does not match its sha256');
  return archive;
}

/**
 * What import asks beyond parsing (issue 16): a sealed archive (counts and sha256, as export and
 * backup write them), so a truncated or hand-edited file is caught as such. The seal is no
 * security property (anyone can recompute it): the row checks (ledger-archive-verify) protect.
 */
export function requireSealedArchive(archive: LedgerArchive, source: string): void {
  const missing = [...(archive.counts ? [] : ['counts']), ...(archive.sha256 ? [] : ['sha256'])];
  if (missing.length === 0) return;
  throw new LedgerArchiveError(
    source,
    `has no ${missing.join(' and ')}: import takes only sealed archives`,
    'make one on the federation it comes from with `bigchaindb export --out FILE` or ' +
      '`fedlab backup FILE --name FEDERATION` (both seal what they write)',
  );
}

function checkHeader(raw: unknown, source: string): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new LedgerArchiveError(source, 'is not a ledger archive (expected a JSON object)');
  const { format, version } = raw as { format?: unknown; version?: unknown };
  if (format !== LEDGER_ARCHIVE_FORMAT)
    throw new LedgerArchiveError(
      source,
      `is not a ledger archive (format ${JSON.stringify(format)}, expected "${LEDGER_ARCHIVE_FORMAT}")`,
    );
  if (version !== LEDGER_ARCHIVE_VERSION)
    throw new LedgerArchiveError(
      source,
      `is a ledger archive of version ${JSON.stringify(version)}; this fedlab reads version ${LEDGER_ARCHIVE_VERSION}`,
      'use the fedlab (and node image) version that wrote it',
    );
}
