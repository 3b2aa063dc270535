/**
 * When each transaction became VALID, read from the tables (pure): a block is decided at the
 * timestamp of the valid vote that gave it its majority (the k-th earliest valid vote of its
 * epoch's members, k = more than half of them); a transaction at its earliest VALID block's
 * decision. Unlike a client polling for VALID, this does not lag behind the ledger. Vote
 * timestamps are the voters' clocks: on one host that is the lab's clock too.
 */
import type { LedgerArchive } from '../../protocol/ledger-archive.js';
import { epochOfBlock, isGenesisBlock, verifyVote, type Vote } from '../../protocol/index.js';
import { epochMembersOf } from '../../protocol/ledger-archive-epochs.js';
import { recount } from './recount.js';

/** Every decided block's status as the tables say (recounted from the votes, per epoch). */
export function decidedStatuses(archive: LedgerArchive): Map<string, 'valid' | 'invalid'> {
  const decided = new Map<string, 'valid' | 'invalid'>();
  for (const [id, status] of recount(archive).blockStatus)
    if (status !== 'undecided') decided.set(id, status);
  return decided;
}

export function decidedAtMs(archive: LedgerArchive): Map<string, number> {
  const { validBlocks } = recount(archive);
  const membersOf = epochMembersOf(archive);
  const votesByBlock = new Map<string, Vote[]>();
  for (const vote of archive.votes) {
    const list = votesByBlock.get(vote.vote.voting_for_block) ?? [];
    list.push(vote);
    votesByBlock.set(vote.vote.voting_for_block, list);
  }
  const decided = new Map<string, number>();
  for (const block of validBlocks) {
    if (isGenesisBlock(block)) continue;
    const members = new Set(membersOf(epochOfBlock(block)) ?? []);
    const times = (votesByBlock.get(block.id) ?? [])
      .filter((v) => v.vote.is_block_valid && members.has(v.node_pubkey) && verifyVote(v))
      .map((v) => Number(v.vote.timestamp))
      .sort((a, b) => a - b);
    const at = times[Math.floor(members.size / 2)];
    if (at === undefined) continue;
    for (const tx of block.block.transactions) decided.set(tx.id, Math.min(decided.get(tx.id) ?? at, at));
  }
  return decided;
}
