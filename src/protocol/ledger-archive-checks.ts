/**
 * What `bigchaindb import` and `fedlab restore` check before writing anything (pure): the
 * archive's members are the target's members, and the target holds nothing of its own.
 */
import { isGenesisBlock, type Block } from './block.js';
import type { ForeignContent, MembersDiff } from './ledger-archive-errors.js';
import type { ArchivedBacklogRow, LedgerArchive } from './ledger-archive.js';
import type { Transaction } from './types.js';

/** Pure: which of the archive's members the target lacks, and which target members the archive lacks. */
export function compareMembers(
  archiveMembers: readonly string[],
  targetMembers: readonly string[],
): MembersDiff {
  const target = new Set(targetMembers);
  const archive = new Set(archiveMembers);
  return {
    missing: [...archive].filter((k) => !target.has(k)).sort(),
    extra: [...target].filter((k) => !archive.has(k)).sort(),
  };
}

export const sameMembers = (diff: MembersDiff): boolean =>
  diff.missing.length === 0 && diff.extra.length === 0;

/**
 * The lab's readiness probe (src/lab/up/wait-ready.ts): a CREATE whose asset data says
 * `fedlab: 'probe'`. Every `fedlab up` posts one, so a fresh federation holds it.
 */
export function isLabProbe(tx: Transaction): boolean {
  if (tx.operation !== 'CREATE') return false;
  const data = tx.asset.data;
  return data !== null && typeof data === 'object' && data.fedlab === 'probe';
}

/**
 * Pure: what a target ledger holds that is neither a genesis block, nor a block of lab probes
 * only, nor already part of `archive` (a re-run after a crash midway finds the archive's own
 * blocks, backlog and blocks of its transactions there: that is allowed, so import can resume).
 */
export function foreignContent(
  target: { blocks: readonly Block[]; backlog: readonly Pick<ArchivedBacklogRow, 'tx'>[] },
  archive: Pick<LedgerArchive, 'blocks' | 'backlog'>,
): ForeignContent {
  const archiveBlocks = new Set(archive.blocks.map((b) => b.id));
  const archiveTxs = new Set([
    ...archive.blocks.flatMap((b) => b.block.transactions.map((t) => t.id)),
    ...archive.backlog.map((r) => r.tx.id),
  ]);
  const known = (tx: Transaction): boolean => isLabProbe(tx) || archiveTxs.has(tx.id);
  // A block of known transactions only: a probe block, or (a re-run) the archive's backlog
  // committed by the nodes after the first run.
  const blocks = target.blocks.filter(
    (b) => !isGenesisBlock(b) && !archiveBlocks.has(b.id) && !b.block.transactions.every(known),
  );
  const backlog = target.backlog.filter((r) => !isLabProbe(r.tx) && !archiveTxs.has(r.tx.id));
  return {
    blocks: blocks.length,
    backlog: backlog.length,
    examples: [...blocks.map((b) => `block ${b.id}`), ...backlog.map((r) => `transaction ${r.tx.id}`)].slice(
      0,
      3,
    ),
  };
}

export const isForeignEmpty = (f: ForeignContent): boolean => f.blocks === 0 && f.backlog === 0;
