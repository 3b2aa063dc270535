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

  it('a block of an earlier epoch is judged on its merits against its own epoch (issue 16)', async () => {
    // Made in epoch 0 by carol (removed in epoch 1), voters = epoch 0: still a valid block.
    const old = makeBlock([t1], carol, federation, 1000, 0);
    expect(await judgeBlock(old, facts, DEFAULT_POLICY, epochs(0))).toEqual({ valid: true });
    expect(await judgeBlock(old, facts, DEFAULT_POLICY, epochs(1))).toEqual({ valid: true });
    // A block without an epoch field is epoch 0, as every block made before epochs existed.
    const legacy = makeBlock([t1], carol, federation, 1000);
    expect(legacy.block.epoch).toBeUndefined();
    expect(await judgeBlock(legacy, facts, DEFAULT_POLICY, epochs(1))).toEqual({ valid: true });
  });

  it("an old-epoch block still needs its own epoch's voters and creator, and valid transactions", async () => {
    const newVoters = makeBlock([t1], alice, epoch1, 1000, 0);
    expect(await judgeBlock(newVoters, facts, DEFAULT_POLICY, epochs(1))).toMatchObject({
      valid: false,
      code: 'BLOCK_VOTERS_MISMATCH',
    });
    const bySybil = makeBlock([t1], sybil, federation, 1000, 0); // sybil joined in epoch 1
    expect(await judgeBlock(bySybil, facts, DEFAULT_POLICY, epochs(1))).toMatchObject({
      valid: false,
      code: 'BLOCK_SIGNER_UNKNOWN',
    });
    const forgedOld = makeBlock([forged], alice, federation, 1000, 0);
    expect(await judgeBlock(forgedOld, facts, DEFAULT_POLICY, epochs(1))).toMatchObject({
      valid: false,
      code: 'BLOCK_TX_INVALID',
    });
  });

  it('double spends and duplicates are checked across epochs: an old block cannot commit what a new one holds', async () => {
    const old = makeBlock([t1], carol, federation, 1000, 0);
    const spent = factsWith(create);
    const other = transferFrom(create, alice, carol); // spends the same output, in an epoch-1 block
    spent.addBlock('d'.repeat(64), [other], 'undecided');
    expect(await judgeBlock(old, spent, DEFAULT_POLICY, epochs(1))).toMatchObject({
      valid: false,
      code: 'BLOCK_TX_INVALID',
      reason: expect.stringMatching(/^TX_DOUBLE_SPEND/),
    });
    const copied = factsWith(create);
    copied.addBlock('c'.repeat(64), [t1], 'valid');
    expect(await judgeBlock(old, copied, DEFAULT_POLICY, epochs(1))).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^TX_DUPLICATE/),
    });
  });

  it("an old-epoch block is elected by its own epoch's members, whatever the current epoch", () => {
    // Epoch 0 = alice, bob, carol; carol is gone (removed): alice and bob still decide.
    const old = makeBlock([t1], alice, federation, 1000, 0);
    const votes = [alice, bob].map((k, i) => makeVote(old.id, PREV, true, null, k, 2000 + i));
    expect(electBlock(old, votes, federation).status).toBe('valid');
    expect(electBlock(old, votes.slice(0, 1), federation).status).toBe('undecided');
    // The votes of epoch 1's newcomer do not count on it.
    const sybilVote = makeVote(old.id, PREV, true, null, sybil, 2005);
    expect(electBlock(old, [votes[0]!, sybilVote], federation).status).toBe('undecided');
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
