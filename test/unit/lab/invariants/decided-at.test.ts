// When each transaction became VALID, from the tables: its block's deciding vote (the majority-th
// valid vote of the block's members), not when a client happened to poll.
import { makeBlock, makeGenesisBlock, makeVote } from '../../../../src/node/core/index.js';
import { decidedAtMs } from '../../../../src/lab/invariants/decided-at.js';
import {
  LEDGER_ARCHIVE_FORMAT,
  LEDGER_ARCHIVE_VERSION,
  type LedgerArchive,
} from '../../../../src/protocol/ledger-archive.js';
import { alice, bob, carol, createFor, seededKeypair } from '../../core/fixtures.js';

const members = [alice, bob, carol].map((k) => k.publicKey);
const PREV = '0'.repeat(64);

function archive(blocks: LedgerArchive['blocks'], votes: LedgerArchive['votes']): LedgerArchive {
  return {
    format: LEDGER_ARCHIVE_FORMAT,
    version: LEDGER_ARCHIVE_VERSION,
    createdAt: new Date(0).toISOString(),
    database: 'bigchain',
    engine: 'rethinkdb',
    members,
    blocks,
    votes,
    backlog: [],
  };
}

describe('decidedAtMs', () => {
  const tx = createFor(alice);
  const block = makeBlock([tx], alice, members, 1000);
  const genesis = makeGenesisBlock(alice, 1);

  test("a transaction is decided at its block's second valid vote of three (the majority)", () => {
    const votes = [
      makeVote(block.id, PREV, true, null, carol, 5000),
      makeVote(block.id, PREV, true, null, alice, 1200),
      makeVote(block.id, PREV, true, null, bob, 3000),
    ];
    expect(decidedAtMs(archive([genesis, block], votes)).get(tx.id)).toBe(3000);
  });

  test('invalid votes, outsiders and an undecided block give no time', () => {
    const outsider = seededKeypair(77);
    const votes = [
      makeVote(block.id, PREV, true, null, alice, 1200),
      makeVote(block.id, PREV, false, 'no', bob, 1300),
      makeVote(block.id, PREV, true, null, outsider, 1400),
    ];
    expect(decidedAtMs(archive([genesis, block], votes)).has(tx.id)).toBe(false);
  });

  test('in two VALID blocks (never allowed, but counted): the earlier decision', () => {
    const again = makeBlock([tx], bob, members, 2000);
    const votes = [
      ...[alice, bob].map((k, i) => makeVote(block.id, PREV, true, null, k, 9000 + i)),
      ...[alice, carol].map((k, i) => makeVote(again.id, PREV, true, null, k, 4000 + i)),
    ];
    expect(decidedAtMs(archive([genesis, block, again], votes)).get(tx.id)).toBe(4001);
  });
});
