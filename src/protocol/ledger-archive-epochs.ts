/**
 * The members a ledger archive's blocks are judged by (issue 12): the archive's membership
 * records when it has them (each block is elected against the members of its own epoch), else
 * `members` as epoch 0 (an archive from before epochs, or of a federation that never changed).
 */
import { epochOfBlock, type Block } from './block.js';
import { electBlock, type ElectionStatus } from './election.js';
import { membersOfEpoch, resolveChain } from './membership/index.js';

export interface ArchiveMembership {
  members: readonly string[];
  membership?: readonly unknown[];
}

export function epochMembersOf(archive: ArchiveMembership): (epoch: number) => readonly string[] | undefined {
  const chain = resolveChain(archive.membership ?? []);
  if (chain.epochs.length === 0) return (epoch) => (epoch === 0 ? archive.members : undefined);
  return (epoch) => membersOfEpoch(chain, epoch);
}

/** The current members: the last epoch's, or `members` when the archive has no membership records. */
export function currentMembersOf(membership: readonly unknown[], fallback: readonly string[]): string[] {
  const last = resolveChain(membership).epochs.at(-1);
  return (last ? last.members.map((m) => m.publicKey) : [...fallback]).sort();
}

/** A block's status from its votes, against its epoch's members (an unknown epoch: undecided). */
export function electInEpoch(
  block: Block,
  votes: readonly unknown[],
  membersOf: (epoch: number) => readonly string[] | undefined,
): { status: ElectionStatus; ignored: number } {
  const members = membersOf(epochOfBlock(block));
  if (members === undefined) return { status: 'undecided', ignored: 0 };
  const election = electBlock(block, votes, members);
  return { status: election.status, ignored: election.ignored.length };
}
