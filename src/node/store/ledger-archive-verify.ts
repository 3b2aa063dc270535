/**
 * Everything `bigchaindb import` writes, verified before it writes anything (issue 16). Pure but
 * for the (in-memory) async of LedgerFacts; the first bad row is refused with an
 * ArchiveRowRefusedError naming it. In order:
 * 1. the archive is sealed (counts, sha256): a truncated or hand-edited file is named as such;
 * 2. its membership records resolve from the target's own root (ledger-archive-verify-membership);
 * 3. each block it writes: id, creator's signature, creator and voters of its epoch;
 * 4. each vote it writes: voter's signature, voter of the block's epoch, one per (block, voter);
 * 5. block statuses recounted with the protocol's election per epoch; the transactions of the
 *    VALID blocks replayed in archive order (ledger-archive-replay);
 * 6. the backlog rows against that ledger (ledger-archive-backlog: conflicts with a VALID block
 *    dropped and reported, anything else refused).
 */
import type { FederationPolicy } from '../core/index.js';
import { LedgerArchiveError } from '../../protocol/ledger-archive-errors.js';
import { requireSealedArchive, type LedgerArchive } from '../../protocol/ledger-archive.js';
import { verifyArchiveBlocks, verifyArchiveVotes } from '../../protocol/ledger-archive-verify-blocks.js';
import {
  verifyArchiveMembership,
  type TrustedRoot,
} from '../../protocol/ledger-archive-verify-membership.js';
import type { MembershipRecord } from '../../protocol/membership/index.js';
import { checkArchivedBacklog, type DroppedBacklogRow } from './ledger-archive-backlog.js';
import { planImport, statusesOf, type ImportPlan } from './ledger-archive-plan.js';
import { replayValidBlocks } from './ledger-archive-replay.js';

export interface VerifyOptions {
  /** What the target trusts (trustedRootOf its membership rows and configured members). */
  root: TrustedRoot;
  policy: FederationPolicy;
  /** The file name (or "the archive on stdin"), named in every refusal. */
  source: string;
}

export interface VerifiedArchive {
  /** The membership chain to write (the target's root first). */
  membership: MembershipRecord[];
  /** What to write; its backlog holds only the rows that validated. */
  plan: ImportPlan;
  /** Backlog rows in conflict with a VALID block, left out (the block stage would drop them). */
  droppedBacklog: DroppedBacklogRow[];
}

export async function verifyLedgerArchive(
  archive: LedgerArchive,
  { root, policy, source }: VerifyOptions,
): Promise<VerifiedArchive> {
  requireSealedArchive(archive, source);
  const membership = verifyArchiveMembership(archive.membership ?? [], root, source);
  const claimed = [...archive.members].sort();
  if (claimed.join(',') !== membership.current.join(','))
    throw new LedgerArchiveError(
      source,
      `is refused: its members field says [${claimed.join(', ')}] but its membership records, followed ` +
        `from this federation's epoch 0, make the members [${membership.current.join(', ')}]`,
      'restore from a backup you took yourself; nothing was written',
    );
  const blocks = verifyArchiveBlocks(archive.blocks, membership.membersOf, source);
  const votes = verifyArchiveVotes(archive.votes, blocks, membership.membersOf, source);
  const statuses = statusesOf(archive.blocks, votes, membership.membersOf);
  const plan = planImport(archive, membership.current, statuses);
  const facts = await replayValidBlocks(archive.blocks, statuses, policy, source);
  const backlog = await checkArchivedBacklog(plan.backlog, archive.backlog, facts, policy, source);
  return {
    membership: membership.records,
    plan: { ...plan, backlog: backlog.kept },
    droppedBacklog: backlog.dropped,
  };
}
