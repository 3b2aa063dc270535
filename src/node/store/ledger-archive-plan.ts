/**
 * Pure halves of export and import: which rows make a consistent archive, and in which order an
 * import writes them.
 */
import { isGenesisBlock, type Block, type BlockStatus, type Vote } from '../core/index.js';
import { currentMembersOf, electInEpoch, epochMembersOf } from '../../protocol/ledger-archive-epochs.js';
import {
  LEDGER_ARCHIVE_FORMAT,
  LEDGER_ARCHIVE_VERSION,
  sealLedgerArchive,
  type ArchivedBacklogRow,
  type LedgerArchive,
} from '../../protocol/ledger-archive.js';
import { lookupKeysOf } from './lookups.js';
import { blockFromDoc, compareBlocks, voteKey, type BlockDoc } from './rows.js';

export interface ExportReads {
  createdAt: string;
  database: string;
  engine: LedgerArchive['engine'];
  members: readonly string[];
  /** Read FIRST, then the blocks, then the votes. */
  backlog: readonly ArchivedBacklogRow[];
  blockDocs: readonly BlockDoc[];
  votes: readonly Vote[];
  /** The membership table's rows (read with the blocks). */
  membership?: readonly unknown[];
  otherTables?: Record<string, unknown[]>;
}

/** Each block's status by election over `votes`, against its epoch's members (genesis-shaped blocks valid). */
export function statusesOf(
  blocks: readonly Block[],
  votes: readonly Vote[],
  membersOf: (epoch: number) => readonly string[] | undefined,
): Map<string, BlockStatus> {
  const byBlock = new Map<string, Vote[]>();
  for (const v of votes) {
    const list = byBlock.get(v.vote.voting_for_block) ?? [];
    list.push(v);
    byBlock.set(v.vote.voting_for_block, list);
  }
  return new Map(
    blocks.map((b) => [
      b.id,
      isGenesisBlock(b) ? 'valid' : electInEpoch(b, byBlock.get(b.id) ?? [], membersOf).status,
    ]),
  );
}

/** Transactions in a block that is valid or undecided (a block decided invalid commits nothing). */
function liveTxIds(blocks: readonly Block[], statuses: ReadonlyMap<string, BlockStatus>): Set<string> {
  return new Set(
    blocks
      .filter((b) => statuses.get(b.id) !== 'invalid')
      .flatMap((b) => b.block.transactions.map((t) => t.id)),
  );
}

/**
 * The archive of what was read. Consistent because the backlog was read before the blocks: a
 * transaction that left the backlog meanwhile is in a block read after. Votes for blocks not
 * read (written after the block read) are dropped; so are backlog rows whose transaction is in a
 * live block (it left the backlog after the backlog read).
 */
export function assembleArchive(reads: ExportReads): LedgerArchive {
  const blocks = reads.blockDocs.map(blockFromDoc).sort(compareBlocks);
  const ids = new Set(blocks.map((b) => b.id));
  const votes = reads.votes
    .filter((v) => ids.has(v.vote.voting_for_block))
    .sort((a, b) =>
      cmp(voteKey(a.vote.voting_for_block, a.node_pubkey), voteKey(b.vote.voting_for_block, b.node_pubkey)),
    );
  const membership = reads.membership ?? [];
  const members = currentMembersOf(membership, [...new Set(reads.members)]);
  const live = liveTxIds(blocks, statusesOf(blocks, votes, epochMembersOf({ members, membership })));
  const backlog = reads.backlog.filter((r) => !live.has(r.tx.id)).sort((a, b) => cmp(a.tx.id, b.tx.id));
  const genesis = reads.blockDocs.find((d) => d.genesis === true && isGenesisBlock(d));
  return sealLedgerArchive({
    format: LEDGER_ARCHIVE_FORMAT,
    version: LEDGER_ARCHIVE_VERSION,
    createdAt: reads.createdAt,
    database: reads.database,
    engine: reads.engine,
    members,
    ...(membership.length > 0 ? { membership: [...membership] } : {}),
    ...(genesis ? { genesisBlockId: genesis.id } : {}),
    blocks,
    votes,
    backlog,
    ...(reads.otherTables ? { otherTables: reads.otherTables } : {}),
  });
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface ImportPlan {
  /** Valid blocks first, then undecided, then invalid (each by time): see importLedgerArchive. */
  blocks: Block[];
  votes: Vote[];
  backlog: ArchivedBacklogRow[];
  skipped: { genesisBlocks: number; votes: number; backlog: number };
  /** Rows the derived tables get from `blocks`. */
  rebuilt: { assets: number; metadata: number; tx_blocks: number; spent_by: number };
}

const ORDER: Record<BlockStatus, number> = { valid: 0, undecided: 1, invalid: 2 };

/**
 * What to write: every block but genesis-shaped ones (the target has its own genesis; a genesis
 * block commits nothing), the votes on the written blocks, backlog rows not in a live block.
 * `statuses`: the blocks' statuses as verification recounted them (ledger-archive-verify, from
 * the target's own membership root); without them, recounted from the archive's own records.
 */
export function planImport(
  archive: LedgerArchive,
  members: readonly string[],
  statuses: ReadonlyMap<string, BlockStatus> = statusesOf(
    archive.blocks,
    archive.votes,
    epochMembersOf({ ...archive, members }),
  ),
): ImportPlan {
  const blocks = archive.blocks
    .filter((b) => !isGenesisBlock(b))
    .sort(
      (a, b) =>
        ORDER[statuses.get(a.id) ?? 'undecided'] - ORDER[statuses.get(b.id) ?? 'undecided'] ||
        compareBlocks(a, b),
    );
  const ids = new Set(blocks.map((b) => b.id));
  const votes = archive.votes.filter((v) => ids.has(v.vote.voting_for_block));
  const live = liveTxIds(blocks, statuses);
  const backlog = archive.backlog.filter((r) => !live.has(r.tx.id));
  return {
    blocks,
    votes,
    backlog,
    skipped: {
      genesisBlocks: archive.blocks.length - blocks.length,
      votes: archive.votes.length - votes.length,
      backlog: archive.backlog.length - backlog.length,
    },
    rebuilt: rebuiltCounts(blocks),
  };
}

function rebuiltCounts(blocks: readonly Block[]): ImportPlan['rebuilt'] {
  const assets = new Set<string>();
  const metadata = new Set<string>();
  let txBlocks = 0;
  let spentBy = 0;
  for (const b of blocks) {
    for (const tx of b.block.transactions) {
      if (tx.operation === 'CREATE') assets.add(tx.id);
      if (tx.metadata !== null) metadata.add(tx.id);
    }
    const keys = lookupKeysOf(b);
    txBlocks += keys.txs.length;
    spentBy += keys.spends.length;
  }
  return { assets: assets.size, metadata: metadata.size, tx_blocks: txBlocks, spent_by: spentBy };
}
