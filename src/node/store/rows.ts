/**
 * Document shapes in the tables and their conversion to domain values (pure).
 */
import type { Block, Transaction, Vote } from '../core/index.js';
import type { BacklogRow } from './ledger-store.js';

/** `backlog` row: primary key = transaction id. */
export interface BacklogDoc {
  id: string;
  tx: Transaction;
  assignee: string;
  assignment_timestamp: number;
}

/** Marker on an INVALID block whose transactions went back to the backlog. */
export interface RequeueMarker {
  done: boolean;
}

/** `bigchain` row: the signed block plus bookkeeping fields outside the signed content. */
export type BlockDoc = Block & {
  genesis?: boolean;
  /** Present (true) until the election stage settled the block (valid, or invalid and re-queued). */
  unsettled?: true;
  requeue?: RequeueMarker;
};

/** `votes` row: primary key derived from (block, voter), so a voter has one vote per block. */
export type VoteDoc = Vote & { id: string };

/** `tx_blocks` / `spent_by` rows: `key#slot` -> one block the key appears in (see lookups.ts). */
export interface LookupDoc {
  id: string;
  block_id: string;
}

/** `assets` / `metadata` rows: one per transaction, with a lower-cased search text. */
export interface AssetDoc {
  id: string;
  data: unknown;
  text: string;
}
export interface MetadataDoc {
  id: string;
  metadata: unknown;
  text: string;
}

export function backlogDoc(tx: Transaction, assignee: string, assignmentTimestampMs: number): BacklogDoc {
  return { id: tx.id, tx, assignee, assignment_timestamp: assignmentTimestampMs };
}

export function backlogRowFromDoc(doc: BacklogDoc): BacklogRow {
  return { tx: doc.tx, assignee: doc.assignee, assignmentTimestampMs: doc.assignment_timestamp };
}

/** The signed block only (bookkeeping fields removed). */
export function blockFromDoc(doc: BlockDoc): Block {
  return { id: doc.id, block: doc.block, signature: doc.signature };
}

export function voteKey(blockId: string, voter: string): string {
  // Both parts are base58/hex (no ':'); 64 + 1 + 44 chars stays under RethinkDB's 127-char key limit.
  return `${blockId}:${voter}`;
}

export function voteDoc(vote: Vote): VoteDoc {
  return { ...vote, id: voteKey(vote.vote.voting_for_block, vote.node_pubkey) };
}

export function voteFromDoc(doc: VoteDoc): Vote {
  return { node_pubkey: doc.node_pubkey, signature: doc.signature, vote: doc.vote };
}

/** Block timestamp as a number for ordering (BigchainDB timestamps are decimal strings). */
export function blockTimeOf(block: Pick<Block, 'block'>): number {
  const n = Number((block.block as Partial<Block['block']> | undefined)?.timestamp);
  return Number.isFinite(n) ? n : 0;
}

/** Order blocks by timestamp, then id (deterministic for equal timestamps). */
export function compareBlocks(a: Block, b: Block): number {
  return blockTimeOf(a) - blockTimeOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
