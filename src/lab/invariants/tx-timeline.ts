/**
 * What happened to each transaction, from the tables (pure): every block that holds it (its
 * creator, when it was made, its epoch, its recounted status) and every vote on those blocks
 * (voter, time, verdict), plus when it became VALID (see decided-at.ts). A slow transaction's
 * timeline says where its time went: waiting for a block (assignment, a dead or cut-off
 * assignee), or waiting for votes.
 */
import type { LedgerArchive } from '../../protocol/ledger-archive.js';
import { epochOfBlock, isGenesisBlock, isVoteShaped, type ElectionStatus } from '../../protocol/index.js';
import { decidedAtMs } from './decided-at.js';
import { recount } from './recount.js';

export interface TimelineVote {
  voter: string;
  atMs: number;
  valid: boolean;
}

export interface TimelineBlock {
  id: string;
  creator: string;
  madeAtMs: number;
  epoch: number;
  status: ElectionStatus;
  /** Earliest first. */
  votes: TimelineVote[];
}

export interface TxTimeline {
  /** Blocks holding the transaction, earliest made first. */
  blocks: TimelineBlock[];
  /** Its VALID block's deciding vote, when it has one. */
  decidedAtMs?: number;
}

export function txTimelines(archive: LedgerArchive, txIds?: ReadonlySet<string>): Map<string, TxTimeline> {
  const { blockStatus } = recount(archive);
  const decided = decidedAtMs(archive);
  const votesOf = new Map<string, TimelineVote[]>();
  for (const vote of archive.votes as unknown[]) {
    if (!isVoteShaped(vote)) continue;
    const list = votesOf.get(vote.vote.voting_for_block) ?? [];
    list.push({
      voter: vote.node_pubkey,
      atMs: Number(vote.vote.timestamp),
      valid: vote.vote.is_block_valid,
    });
    votesOf.set(vote.vote.voting_for_block, list);
  }
  const timelines = new Map<string, TxTimeline>();
  for (const block of archive.blocks) {
    if (isGenesisBlock(block)) continue;
    const entry: TimelineBlock = {
      id: block.id,
      creator: block.block.node_pubkey,
      madeAtMs: Number(block.block.timestamp),
      epoch: epochOfBlock(block),
      status: blockStatus.get(block.id) ?? 'undecided',
      votes: [...(votesOf.get(block.id) ?? [])].sort((a, b) => a.atMs - b.atMs),
    };
    for (const tx of block.block.transactions) {
      if (txIds && !txIds.has(tx.id)) continue;
      const timeline = timelines.get(tx.id) ?? { blocks: [] };
      timeline.blocks.push(entry);
      timelines.set(tx.id, timeline);
    }
  }
  for (const [id, timeline] of timelines) {
    timeline.blocks.sort((a, b) => a.madeAtMs - b.madeAtMs);
    const at = decided.get(id);
    if (at !== undefined) timeline.decidedAtMs = at;
  }
  return timelines;
}
