// Hand-built ledgers for the invariants checker: real signed blocks and votes of a 3-member
// federation (the node's makeBlock; the protocol's makeVote), and what the load would record.
import {
  makeBlock,
  makeVote,
  type Block,
  type Keypair,
  type Transaction,
  type Vote,
} from '../../../../src/node/core/index.js';
import {
  LEDGER_ARCHIVE_FORMAT,
  LEDGER_ARCHIVE_VERSION,
  type LedgerArchive,
} from '../../../../src/protocol/ledger-archive.js';
import type { NodeView, ViewStatus } from '../../../../src/lab/invariants/types.js';
import type { PostedTx, TxKind } from '../../../../src/lab/load/types.js';
import { seededKeypair } from '../../core/fixtures.js';

export const members: Keypair[] = [seededKeypair(31), seededKeypair(32), seededKeypair(33)];
export const memberKeys = members.map((m) => m.publicKey).sort();
export const OPERATORS = ['alpha', 'beta', 'gamma'];
const PREV = '0'.repeat(64);
let clock = 1_000;

export function blockOf(txs: Transaction[]): Block {
  return makeBlock(txs, members[0] as Keypair, memberKeys, clock++);
}

/** One vote per member: true valid, false invalid, null no vote. */
export function votesFor(block: Block, verdicts: (boolean | null)[] = [true, true, true]): Vote[] {
  return verdicts.flatMap((v, i) =>
    v === null ? [] : [makeVote(block.id, PREV, v, v ? null : 'no', members[i] as Keypair, clock++)],
  );
}

/** A vote whose signature no longer matches (a flipped verdict). */
export function forged(vote: Vote): Vote {
  return { ...vote, vote: { ...vote.vote, is_block_valid: !vote.vote.is_block_valid, invalid_reason: null } };
}

export function archiveOf(blocks: Block[], votes: Vote[], backlog: Transaction[] = []): LedgerArchive {
  return {
    format: LEDGER_ARCHIVE_FORMAT,
    version: LEDGER_ARCHIVE_VERSION,
    createdAt: '2026-01-01T00:00:00.000Z',
    database: 'bigchain',
    engine: 'reqlite',
    members: memberKeys,
    blocks: [...blocks],
    votes: [...votes],
    backlog: backlog.map((tx) => ({ tx, assignee: memberKeys[0] as string, assignmentTimestampMs: 1 })),
  };
}

/** A ledger of VALID blocks, each with three valid votes. */
export function validLedger(...blocks: Transaction[][]): { archive: LedgerArchive; blocks: Block[] } {
  const made = blocks.map(blockOf);
  return {
    archive: archiveOf(
      made,
      made.flatMap((b) => votesFor(b)),
    ),
    blocks: made,
  };
}

export function postedOf(tx: Transaction, kind: TxKind = 'create', extra: Partial<PostedTx> = {}): PostedTx {
  const spends = tx.inputs.flatMap((i) =>
    i.fulfills ? [`${i.fulfills.transaction_id}:${i.fulfills.output_index}`] : [],
  );
  return {
    id: tx.id,
    kind,
    operator: 'alpha',
    postedAtMs: 1,
    answeredAtMs: 2,
    accepted: true,
    httpStatus: 202,
    spends,
    ...extra,
  };
}

/** Every operator says the same: `said` maps a tx id to its status and VALID blocks. */
export function viewsOf(said: Record<string, [ViewStatus, Block[]]>, operators = OPERATORS): NodeView[] {
  return operators.map((operator) => ({
    operator,
    live: true,
    statuses: Object.fromEntries(Object.entries(said).map(([id, [status]]) => [id, status])),
    validBlocks: Object.fromEntries(
      Object.entries(said).map(([id, [, blocks]]) => [id, blocks.map((b) => b.id).sort()]),
    ),
  }));
}
