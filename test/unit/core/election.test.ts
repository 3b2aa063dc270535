// The election table: 1 to 7 voters, every split of valid / invalid / silent votes, plus the
// votes that must not count (foreign, badly signed, for another block, duplicates, malformed).
import {
  electBlock,
  makeBlock,
  makeGenesisBlock,
  makeVote,
  type Block,
  type ElectionStatus,
  type Keypair,
  type Vote,
} from '../../../src/node/core/index.js';
import { createFor, seededKeypair } from './fixtures.js';

const members: Keypair[] = Array.from({ length: 7 }, (_, i) => seededKeypair(10 + i));
const outsider = seededKeypair(99);
const tx = createFor(members[0] as Keypair);
const PREV = '0'.repeat(64);

function blockWith(n: number): Block {
  return makeBlock(
    [tx],
    members[0] as Keypair,
    members.slice(0, n).map((k) => k.publicKey),
    1000,
  );
}

function votes(block: Block, valid: number, invalid: number): Vote[] {
  const voters = members.slice(0, valid + invalid);
  return voters.map((k, i) => makeVote(block.id, PREV, i < valid, i < valid ? null : 'no', k, 2000 + i));
}

function expected(n: number, valid: number, invalid: number): ElectionStatus {
  if (valid > n / 2) return 'valid';
  if (invalid >= n / 2) return 'invalid';
  return 'undecided';
}

// Every (n, valid, invalid) with valid + invalid <= n, n = 1..7.
const table: [number, number, number, ElectionStatus][] = [];
for (let n = 1; n <= 7; n++) {
  for (let valid = 0; valid <= n; valid++) {
    for (let invalid = 0; valid + invalid <= n; invalid++)
      table.push([n, valid, invalid, expected(n, valid, invalid)]);
  }
}

describe('election table', () => {
  it('spot-checks the rule on ties', () => {
    expect(expected(2, 1, 1)).toBe('invalid'); // a tie: half invalid is enough to reject
    expect(expected(4, 2, 2)).toBe('invalid');
    expect(expected(4, 2, 0)).toBe('undecided'); // half valid is not a majority
    expect(expected(3, 2, 0)).toBe('valid');
    expect(expected(1, 0, 0)).toBe('undecided');
  });

  it.each(table)('%i voters, %i valid, %i invalid -> %s', (n, valid, invalid, status) => {
    const block = blockWith(n);
    const election = electBlock(block, votes(block, valid, invalid));
    expect(election).toMatchObject({
      status,
      voters: n,
      validVotes: valid,
      invalidVotes: invalid,
      ignored: [],
    });
  });
});

describe('votes that do not count', () => {
  const n = 5;
  const block = blockWith(n);
  const other = blockWith(4);
  const good = votes(block, 2, 0); // 2 of 5: undecided on their own

  const extra: [string, () => unknown[], string][] = [
    [
      'from non-voters',
      () => [
        makeVote(block.id, PREV, true, null, outsider),
        makeVote(block.id, PREV, true, null, members[6] as Keypair),
      ],
      'not_a_voter',
    ],
    [
      'badly signed',
      () => [
        {
          ...makeVote(block.id, PREV, false, null, members[2] as Keypair),
          vote: { ...makeVote(block.id, PREV, true, null, members[2] as Keypair).vote },
        },
      ],
      'bad_signature',
    ],
    [
      'forged for another voter',
      () => [
        {
          ...makeVote(block.id, PREV, true, null, members[0] as Keypair),
          node_pubkey: (members[3] as Keypair).publicKey,
        },
      ],
      'bad_signature',
    ],
    ['for another block', () => [makeVote(other.id, PREV, true, null, members[2] as Keypair)], 'other_block'],
    [
      'a second vote of the same voter',
      () => [makeVote(block.id, PREV, true, null, members[0] as Keypair, 9000)],
      'duplicate',
    ],
    ['malformed', () => [{ hello: 'world' }, null], 'malformed'],
  ];

  it.each(extra)('ignores votes %s', (_name, make, reason) => {
    const added = make();
    const election = electBlock(block, [...good, ...added]);
    expect(election.status).toBe('undecided');
    expect(election.validVotes).toBe(2);
    expect(election.ignored.map((i) => i.reason)).toEqual(added.map(() => reason));
  });

  it('a duplicate cannot flip a vote: the earliest vote of a voter counts, in any order', () => {
    const late = makeVote(block.id, PREV, false, 'changed my mind', members[0] as Keypair, 9000);
    const invalids = [2, 3].map((i) => makeVote(block.id, PREV, false, 'no', members[i] as Keypair, 3000));
    for (const list of [
      [...good, late, ...invalids],
      [late, ...invalids, ...good],
    ]) {
      const e = electBlock(block, list);
      expect([e.validVotes, e.invalidVotes, e.status]).toEqual([2, 2, 'undecided']);
    }
  });

  it("a badly signed vote does not use up its voter's slot", () => {
    const forged = {
      ...makeVote(block.id, PREV, false, null, members[2] as Keypair, 1),
      signature: makeVote(block.id, PREV, true, null, members[2] as Keypair, 2).signature,
    };
    const real = makeVote(block.id, PREV, true, null, members[2] as Keypair, 5);
    expect(electBlock(block, [...good, forged, real])).toMatchObject({ validVotes: 3, status: 'valid' });
  });

  it('the genesis block is valid without votes', () => {
    expect(electBlock(makeGenesisBlock(members[0] as Keypair), []).status).toBe('valid');
  });
});
