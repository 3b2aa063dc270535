// A member must not be able to choose its own electorate: a block whose voters are not the
// federation (only its creator, or keys the creator controls) must never be elected VALID.
import {
  DEFAULT_POLICY,
  electBlock,
  judgeBlock,
  singleEpoch,
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
    const verdict = await judgeBlock(block, factsWith(create), DEFAULT_POLICY, singleEpoch(federation));
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
      const verdict = await judgeBlock(
        makeBlock([t1], bob, voters),
        facts,
        DEFAULT_POLICY,
        singleEpoch(federation),
      );
      expect(verdict).toMatchObject({ valid: false, code: 'BLOCK_VOTERS_MISMATCH' });
    }
    const ok = makeBlock([t1], bob, [...federation].reverse());
    expect(await judgeBlock(ok, facts, DEFAULT_POLICY, singleEpoch(federation))).toEqual({ valid: true });
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

describe('membership epochs: a block is judged against the members of its own epoch', () => {
  // Epoch 1: carol removed, sybil admitted.
  const epoch1 = [alice.publicKey, bob.publicKey, sybil.publicKey];
  const epochs = (current: number) => ({
    current,
    membersOf: (e: number) => (e === 0 ? federation : e === 1 ? epoch1 : undefined),
  });
  const t1 = transferFrom(create, alice, bob);
  const facts = factsWith(create);

  it("a block of the current epoch needs that epoch's members as voters, and its creator among them", async () => {
    const ok = makeBlock([t1], sybil, epoch1, 1000, 1);
    expect(await judgeBlock(ok, facts, DEFAULT_POLICY, epochs(1))).toEqual({ valid: true });
    const oldVoters = makeBlock([t1], bob, federation, 1000, 1);
    expect(await judgeBlock(oldVoters, facts, DEFAULT_POLICY, epochs(1))).toMatchObject({
      valid: false,
      code: 'BLOCK_VOTERS_MISMATCH',
    });
    const removed = makeBlock([t1], carol, epoch1, 1000, 1);
    expect(await judgeBlock(removed, facts, DEFAULT_POLICY, epochs(1))).toMatchObject({
      valid: false,
      code: 'BLOCK_SIGNER_UNKNOWN',
    });
  });

  it('a block of an earlier epoch is voted invalid (its transactions go to a block of this one)', async () => {
    const old = makeBlock([t1], carol, federation, 1000, 0);
    expect(await judgeBlock(old, facts, DEFAULT_POLICY, epochs(0))).toEqual({ valid: true });
    expect(await judgeBlock(old, facts, DEFAULT_POLICY, epochs(1))).toMatchObject({
      valid: false,
      code: 'BLOCK_EPOCH_STALE',
    });
    // A block without an epoch field is epoch 0, as every block made before epochs existed.
    const legacy = makeBlock([t1], carol, federation, 1000);
    expect(legacy.block.epoch).toBeUndefined();
    expect(await judgeBlock(legacy, facts, DEFAULT_POLICY, epochs(0))).toEqual({ valid: true });
  });

  it("a block naming an epoch beyond the voter's chain is not judged with other members", async () => {
    const future = makeBlock([t1], sybil, epoch1, 1000, 2);
    expect(
      await judgeBlock(future, facts, DEFAULT_POLICY, { current: 2, membersOf: () => undefined }),
    ).toMatchObject({
      valid: false,
      code: 'BLOCK_EPOCH_UNKNOWN',
    });
  });
});
