/** A small ledger for archive tests: 3 members, genesis, blocks with votes. */
import {
  buildCreate,
  buildTransfer,
  generateKeypair,
  makeBlock,
  makeGenesisBlock,
  makeVote,
  type Block,
  type Keypair,
  type Transaction,
  type Vote,
} from '../../../../src/node/core/index.js';
import {
  LEDGER_ARCHIVE_FORMAT,
  LEDGER_ARCHIVE_VERSION,
  sealLedgerArchive,
  type LedgerArchive,
} from '../../../../src/protocol/ledger-archive.js';

/** `members`: the federation's keypairs (default three new ones). */
export function ledgerFixture(
  members: Keypair[] = [generateKeypair(), generateKeypair(), generateKeypair()],
) {
  const keys = members.map((k) => k.publicKey).sort();
  const [a, b] = members as [Keypair, Keypair, Keypair];
  const genesis = makeGenesisBlock(a, 1_000);
  const owner = generateKeypair();
  const create = buildCreate(owner, { n: 1 }, { note: 'm' });
  const transfer = buildTransfer(create, 0, owner.privateKey, generateKeypair().publicKey, null);
  const block = (txs: Transaction[], t: number): Block => makeBlock(txs, a, keys, t);
  const votes = (blk: Block, valid: boolean, who: Keypair[] = members): Vote[] =>
    who.map((k) => makeVote(blk.id, genesis.id, valid, valid ? null : 'no', k, 5_000));
  return { members, keys, a, b, genesis, owner, create, transfer, block, votes };
}

/** A sealed archive of the fixture: genesis and a block with the CREATE (voted valid), the TRANSFER in the backlog. */
export function archiveOf(
  f: ReturnType<typeof ledgerFixture>,
  blocks: Block[] = [f.genesis, f.block([f.create], 2_000)],
): LedgerArchive {
  return sealLedgerArchive({
    format: LEDGER_ARCHIVE_FORMAT,
    version: LEDGER_ARCHIVE_VERSION,
    createdAt: '2026-01-01T00:00:00.000Z',
    database: 'bigchain',
    engine: 'rethinkdb',
    members: f.keys,
    blocks,
    votes: blocks.length > 1 ? f.votes(blocks[1]!, true) : [],
    backlog: [{ tx: f.transfer, assignee: f.keys[0]!, assignmentTimestampMs: 5 }],
  });
}
