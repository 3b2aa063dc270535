/**
 * `bigchaindb import`: check, then write votes, blocks, backlog.
 *
 * Refused before anything is written when the archive's members are not this node's members,
 * when the ledger holds anything besides a genesis block, the lab's probe blocks and (a re-run
 * after a crash midway) the archive's own rows, and when any row it would write does not verify
 * (ledger-archive-verify: ids, signatures, members per epoch from this database's own epoch 0,
 * the transactions of VALID blocks replayed, the backlog validated; issue 16).
 *
 * Order matters because the federation's nodes may be running: votes go in BEFORE their blocks,
 * so a node never casts a fresh vote on an archived block (judged against a half-imported ledger
 * it could call a valid block invalid); valid blocks before undecided ones before invalid ones,
 * so when the election stage re-queues an invalid block's transactions, the live blocks holding
 * them are already there; the backlog last, once every block it could collide with exists.
 * Blocks are written unsettled, as the block stage writes them: the nodes' election stage settles
 * the valid ones and re-queues the invalid ones' transactions that no live block holds (those it
 * had re-queued before the backup are then either in a live block or rejected again).
 */
import { DEFAULT_POLICY, type Block, type FederationPolicy } from '../core/index.js';
import {
  ArchiveMembersMismatchError,
  ArchiveTargetNotEmptyError,
} from '../../protocol/ledger-archive-errors.js';
import {
  compareMembers,
  foreignContent,
  isForeignEmpty,
  sameMembers,
} from '../../protocol/ledger-archive-checks.js';
import { countsOf, type ArchivedBacklogRow, type LedgerArchive } from '../../protocol/ledger-archive.js';
import { assignableMembers, liveSetOf } from '../pipeline/liveness.js';
import { pickAssignee } from '../pipeline/members.js';
import { trustedRootOf } from '../../protocol/ledger-archive-verify-membership.js';
import type { DroppedBacklogRow } from './ledger-archive-backlog.js';
import type { ImportPlan } from './ledger-archive-plan.js';
import type { LedgerArchiveStore } from './ledger-archive-store.js';
import { verifyLedgerArchive } from './ledger-archive-verify.js';
import { blockFromDoc } from './rows.js';

export const IMPORT_MEMBERS_MISMATCH = 'IMPORT_MEMBERS_MISMATCH';
export const IMPORT_TARGET_NOT_EMPTY = 'IMPORT_TARGET_NOT_EMPTY';

/** Blocks written at once (each block's own writes are sequential: lookups, then the block). */
const BLOCK_CONCURRENCY = 8;

export interface ImportOptions {
  self: string;
  members: readonly string[];
  /** Liveness: a member whose heartbeat is older is not given backlog rows. */
  deadAfterMs: number;
  /** The policy transactions are validated against (this node's; default DEFAULT_POLICY). */
  policy?: FederationPolicy;
  /** What the archive is called in errors (a file name, "the archive on stdin"). */
  source?: string;
  random?: () => number;
}

export interface ImportSummary {
  database: string;
  engine: string;
  members: string[];
  /** Rows the archive held, and rows this run inserted (fewer on a re-run: the rest existed). */
  archive: { blocks: number; votes: number; backlog: number; transactions: number };
  written: { blocks: number; votes: number; backlog: number };
  inserted: { votes: number; backlog: number };
  skipped: ImportPlan['skipped'];
  rebuilt: ImportPlan['rebuilt'];
  /** Backlog rows left out: in conflict with a VALID block (the block stage would drop them too). */
  droppedBacklog: DroppedBacklogRow[];
  /** How long verifying every row took (part of elapsedMs). */
  verifyMs: number;
  /** Backlog rows given to another member (theirs was not alive). */
  reassigned: number;
  elapsedMs: number;
}

export async function importLedgerArchive(
  store: LedgerArchiveStore,
  archive: LedgerArchive,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const diff = compareMembers(archive.members, options.members);
  if (!sameMembers(diff))
    throw new ArchiveMembersMismatchError(IMPORT_MEMBERS_MISMATCH, diff, "this node's federation");
  await store.genesisId(); // DB_MISSING ("run bigchaindb init first") when there is none
  await refuseForeignContent(store, archive);
  const verifyStarted = performance.now();
  const verified = await verifyLedgerArchive(archive, {
    root: trustedRootOf(await store.readMembership(), options.members),
    policy: options.policy ?? DEFAULT_POLICY,
    source: options.source ?? 'the archive',
  });
  const verifyMs = Math.round(performance.now() - verifyStarted);
  // The verified epochs first: the running nodes then judge its blocks by the right members.
  if ((archive.membership ?? []).length > 0) await store.replaceMembership(verified.membership);
  const { plan } = verified;
  const votes = await store.writeVotes(plan.votes);
  await writeBlocks(store, plan.blocks);
  const { rows, reassigned } = assignBacklog(plan.backlog, options, await store.readHeartbeats());
  const backlog = await store.writeBacklog(rows);
  return {
    database: store.dbName,
    engine: store.engine,
    members: [...options.members].sort(),
    archive: archive.counts ?? countsOf(archive),
    written: { blocks: plan.blocks.length, votes: plan.votes.length, backlog: rows.length },
    inserted: { votes, backlog },
    skipped: plan.skipped,
    rebuilt: plan.rebuilt,
    droppedBacklog: verified.droppedBacklog,
    verifyMs,
    reassigned,
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function refuseForeignContent(store: LedgerArchiveStore, archive: LedgerArchive): Promise<void> {
  const blocks: Block[] = (await store.readBlockDocs()).map(blockFromDoc);
  const foreign = foreignContent({ blocks, backlog: await store.readBacklog() }, archive);
  if (!isForeignEmpty(foreign))
    throw new ArchiveTargetNotEmptyError(IMPORT_TARGET_NOT_EMPTY, foreign, `database "${store.dbName}"`);
}

async function writeBlocks(store: LedgerArchiveStore, blocks: readonly Block[]): Promise<void> {
  // In order, a few at a time: a later group starts only when the earlier one is written.
  for (let i = 0; i < blocks.length; i += BLOCK_CONCURRENCY) {
    await Promise.all(blocks.slice(i, i + BLOCK_CONCURRENCY).map((b) => store.writeBlock(b)));
  }
}

/**
 * Rows keep their assignee when it is alive (or liveness is unknown: no heartbeat at all, the
 * nodes are not running); a dead member's rows go to a live one.
 */
export function assignBacklog(
  rows: readonly ArchivedBacklogRow[],
  options: ImportOptions,
  snapshot: { serverNowMs: number; beats: { key: string; atMs: number }[] },
): { rows: ArchivedBacklogRow[]; reassigned: number } {
  const live =
    snapshot.beats.length === 0
      ? null
      : liveSetOf(snapshot, options.members, options.self, options.deadAfterMs);
  const assignable = assignableMembers(options.members, live, options.self);
  let reassigned = 0;
  const out = rows.map((row) => {
    if (assignable.includes(row.assignee)) return row;
    reassigned++;
    return { ...row, assignee: pickAssignee(assignable, options.random) };
  });
  return { rows: out, reassigned };
}
