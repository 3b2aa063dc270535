// The store's elections: with the federation known, a member cannot elect its own block, and a
// block flagged genesis in the database is only trusted when it really is a genesis block.
import { makeBlock, makeGenesisBlock, makeVote, type Vote } from '../../../../src/node/core/index.js';
import { BlockStatusResolver } from '../../../../src/node/store/block-status.js';
import type { VoteQueries } from '../../../../src/node/store/vote-queries.js';
import { alice, bob, carol, createFor, dave } from '../../core/fixtures.js';

const federation = [alice.publicKey, bob.publicKey, carol.publicKey];
const PREV = '0'.repeat(64);

function votesOf(all: Vote[]): VoteQueries {
  const fake = {
    ofVoters: (blockId: string, voters: readonly string[]) =>
      Promise.resolve(
        all.filter((v) => v.vote.voting_for_block === blockId && voters.includes(v.node_pubkey)),
      ),
  };
  return fake as unknown as VoteQueries;
}

describe('BlockStatusResolver', () => {
  const selfElected = makeBlock([createFor(bob)], bob, [bob.publicKey], 1000);
  const ownVote = makeVote(selfElected.id, PREV, true, null, bob, 2000);

  it('does not let a block that lists only its creator elect itself', async () => {
    const genesis = makeGenesisBlock(alice, 1);
    const resolver = new BlockStatusResolver(
      votesOf([ownVote]),
      () => Promise.resolve(genesis.id),
      () => federation,
    );
    expect(await resolver.statusOf(selfElected)).toBe('invalid');
    expect(await resolver.statusOf(genesis)).toBe('valid');
  });

  it('does not take a block with transactions for the genesis block', async () => {
    const resolver = new BlockStatusResolver(
      votesOf([]),
      () => Promise.resolve(selfElected.id), // a forged `genesis: true` row won the lookup
      () => federation,
    );
    expect(await resolver.statusOf(selfElected)).not.toBe('valid');
  });

  it('elects a block against the members of its own epoch, and waits for an epoch it does not know', async () => {
    // Epoch 0: alice, bob, carol; epoch 1: alice and dave (bob and carol left).
    const epochs: Record<number, string[]> = { 0: federation, 1: [alice.publicKey, dave.publicKey] };
    const membersOf = (epoch: number) => epochs[epoch];
    const genesis = makeGenesisBlock(alice, 1);
    const old = makeBlock([createFor(alice)], alice, federation, 1000, 0);
    const now = makeBlock([createFor(dave)], dave, epochs[1]!, 3000, 1);
    const later = makeBlock([createFor(dave, '7')], dave, epochs[1]!, 4000, 2);
    const votes = [
      makeVote(old.id, PREV, true, null, bob, 2000),
      makeVote(old.id, PREV, true, null, carol, 2001),
      makeVote(now.id, PREV, true, null, alice, 3001),
      makeVote(now.id, PREV, true, null, dave, 3002),
      makeVote(later.id, PREV, true, null, alice, 4001),
      makeVote(later.id, PREV, true, null, dave, 4002),
    ];
    const resolver = new BlockStatusResolver(votesOf(votes), () => Promise.resolve(genesis.id), membersOf);
    // bob and carol are not members now, yet the epoch-0 block they elected stays VALID.
    expect(await resolver.statusOf(old)).toBe('valid');
    expect(await resolver.statusOf(now)).toBe('valid');
    expect(await resolver.statusOf(later)).toBe('undecided');
    epochs[2] = epochs[1]!;
    expect(await resolver.statusOf(later)).toBe('valid');
    // Judged with today's members instead, the old block would not be VALID: the test can fail.
    const flat = new BlockStatusResolver(
      votesOf(votes),
      () => Promise.resolve(genesis.id),
      () => epochs[1],
    );
    expect(await flat.statusOf(old)).toBe('invalid');
  });
});
