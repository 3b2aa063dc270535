/**
 * The ledger as the tables say it is (pure): every block's status recounted from its votes with
 * the protocol's election (bad signatures, non-members and duplicates ignored), then each
 * transaction's blocks and status, by the node's own rule (valid > undecided > backlog > invalid).
 */
import type { LedgerArchive } from '../../protocol/ledger-archive.js';
import { isVoteShaped, type Block, type ElectionStatus } from '../../protocol/index.js';
import { electInEpoch, epochMembersOf } from '../../protocol/ledger-archive-epochs.js';
import type { ViewStatus } from './types.js';

export interface Recount {
  blockStatus: Map<string, ElectionStatus>;
  /** txId -> the blocks holding it, with their recounted status, in archive order. */
  txBlocks: Map<string, { blockId: string; status: ElectionStatus }[]>;
  backlog: Set<string>;
  validBlocks: Block[];
  ignoredVotes: number;
}

const RANK: Record<ViewStatus, number> = { valid: 4, undecided: 3, backlog: 2, invalid: 1, unknown: 0 };

export function recount(archive: LedgerArchive): Recount {
  const votesByBlock = new Map<string, unknown[]>();
  for (const vote of archive.votes as unknown[]) {
    const blockId = isVoteShaped(vote) ? vote.vote.voting_for_block : '';
    votesByBlock.set(blockId, [...(votesByBlock.get(blockId) ?? []), vote]);
  }
  const result: Recount = {
    blockStatus: new Map(),
    txBlocks: new Map(),
    backlog: new Set(archive.backlog.map((row) => row.tx.id)),
    validBlocks: [],
    ignoredVotes: votesByBlock.get('')?.length ?? 0,
  };
  // Each block against the members of its own membership epoch (the archive's records).
  const membersOf = epochMembersOf(archive);
  for (const block of archive.blocks) {
    const election = electInEpoch(block, votesByBlock.get(block.id) ?? [], membersOf);
    result.blockStatus.set(block.id, election.status);
    result.ignoredVotes += election.ignored;
    if (election.status === 'valid') result.validBlocks.push(block);
    for (const tx of block.block.transactions) {
      const list = result.txBlocks.get(tx.id) ?? [];
      list.push({ blockId: block.id, status: election.status });
      result.txBlocks.set(tx.id, list);
    }
  }
  return result;
}

/** What the node's API would answer for `txId` given these tables. */
export function recountedStatus(r: Recount, txId: string): ViewStatus {
  let best: ViewStatus = r.backlog.has(txId) ? 'backlog' : 'unknown';
  for (const { status } of r.txBlocks.get(txId) ?? []) if (RANK[status] > RANK[best]) best = status;
  return best;
}

export function validBlockIdsOf(r: Recount, txId: string): string[] {
  return (r.txBlocks.get(txId) ?? [])
    .filter((b) => b.status === 'valid')
    .map((b) => b.blockId)
    .sort();
}
