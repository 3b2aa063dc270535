// A member must not be able to choose its own electorate: a block whose voters are not the
// federation (only its creator, or keys the creator controls) must never be elected VALID.
import {
  DEFAULT_POLICY,
  electBlock,
  judgeBlock,
  makeBlock,
  makeVote,
  type Keypair,
} from '../../../src/node/core/index.js';
import { alice, bob, carol, createFor, factsWith, seededKeypair, transferFrom } from './fixtures.js';

const federation = [alice.publicKey, bob.publicKey, carol.publicKey];
const sybil: Keypair = seededKeypair(4242);
const create = createFor(alice, '3');
// Not a valid transfer (bob does not own the output): only a self-elected block could commit it.
const forged = transferFrom(create, bob, bob);
const PREV = '0'.repeat(64);

describe('block voters must be the federation', () => {
  it('voters judge a block that lists only its creator as voter invalid', async () => {
    const block = makeBlock([forged], bob, [bob.publicKey]);
    const verdict = await judgeBlock(block, factsWith(create), DEFAULT_POLICY, federation);
    expect(verdict).toMatchObject({ valid: false, code: 'BLOCK_VOTERS_MISMATCH' });
  });

  it('voters judge a block with a non-member voter, or a missing member, invalid', async () => {
    const t1 = transferFrom(create, alice, bob);
    const facts = factsWith(create);
    for (const voters of [
      [...federation, sybil.publicKey],
      [alice.publicKey, bob.publicKey],
      [alice.publicKey, bob.publicKey, bob.publicKey],
    ]) {
      const verdict = await judgeBlock(makeBlock([t1], bob, voters), facts, DEFAULT_POLICY, federation);
      expect(verdict).toMatchObject({ valid: false, code: 'BLOCK_VOTERS_MISMATCH' });
    }
    const ok = makeBlock([t1], bob, [...federation].reverse());
    expect(await judgeBlock(ok, facts, DEFAULT_POLICY, federation)).toEqual({ valid: true });
  });

  it('a block that lists only its creator is not self-elected VALID', () => {
    const block = makeBlock([forged], bob, [bob.publicKey]);
    const own = makeVote(block.id, PREV, true, null, bob, 2000);
    const honest = [alice, carol].map((k, i) => makeVote(block.id, PREV, false, 'no', k, 2001 + i));
    expect(electBlock(block, [own], federation).status).not.toBe('valid');
    expect(electBlock(block, [own, ...honest], federation).status).toBe('invalid');
  });

  it('votes of keys outside the federation do not count, even when the block lists them', () => {
    const block = makeBlock([forged], bob, [bob.publicKey, sybil.publicKey, alice.publicKey]);
    const votes = [bob, sybil].map((k, i) => makeVote(block.id, PREV, true, null, k, 2000 + i));
    const election = electBlock(block, votes, federation);
    expect(election.status).not.toBe('valid');
    expect(election.validVotes).toBe(1);
  });

  it('a block addressed to the federation is elected as before', () => {
    const block = makeBlock([forged], bob, federation);
    const votes = [alice, bob].map((k, i) => makeVote(block.id, PREV, true, null, k, 2000 + i));
    expect(electBlock(block, votes, federation).status).toBe('valid');
    expect(electBlock(block, votes.slice(0, 1), federation).status).toBe('undecided');
  });
});
