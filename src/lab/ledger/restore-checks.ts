/** What `fedlab restore` refuses before writing anything (pure; the node checks again). */
import {
  compareMembers,
  foreignContent,
  isForeignEmpty,
  sameMembers,
} from '../../protocol/ledger-archive-checks.js';
import {
  ArchiveMembersMismatchError,
  ArchiveTargetNotEmptyError,
} from '../../protocol/ledger-archive-errors.js';
import type { LedgerArchive } from '../../protocol/ledger-archive.js';

export const RESTORE_MEMBERS_MISMATCH = 'RESTORE_MEMBERS_MISMATCH';
export const RESTORE_TARGET_NOT_EMPTY = 'RESTORE_TARGET_NOT_EMPTY';

/** RESTORE_MEMBERS_MISMATCH naming the keys missing from / extra in the target federation. */
export function checkRestoreMembers(
  archive: Pick<LedgerArchive, 'members'>,
  targetMembers: readonly string[],
  federation: string,
): void {
  const diff = compareMembers(archive.members, targetMembers);
  if (!sameMembers(diff))
    throw new ArchiveMembersMismatchError(RESTORE_MEMBERS_MISMATCH, diff, `federation "${federation}"`);
}

/** RESTORE_TARGET_NOT_EMPTY unless the target holds only genesis, probe blocks and the archive's own rows. */
export function checkRestoreTarget(archive: LedgerArchive, target: LedgerArchive, federation: string): void {
  const foreign = foreignContent(target, archive);
  if (!isForeignEmpty(foreign))
    throw new ArchiveTargetNotEmptyError(RESTORE_TARGET_NOT_EMPTY, foreign, `federation "${federation}"`);
}
