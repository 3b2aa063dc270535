// The store's elections: with the federation known, a member cannot elect its own block, and a
// block flagged genesis in the database is only trusted when it really is a genesis block.
import { makeBlock, makeGenesisBlock, makeVote, type Vote } from '../../../../src/node/core/index.js';
import { BlockStatusResolver } from '../../../../src/node/store/block-status.js';
import type { VoteQueries } from '../../../../src/node/store/vote-queries.js';
import { alice, bob, carol, createFor } from '../../core/fixtures.js';

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
      federation,
    );
    expect(await resolver.statusOf(selfElected)).toBe('invalid');
    expect(await resolver.statusOf(genesis)).toBe('valid');
  });

  it('does not take a block with transactions for the genesis block', async () => {
    const resolver = new BlockStatusResolver(
      votesOf([]),
      () => Promise.resolve(selfElected.id), // a forged `genesis: true` row won the lookup
      federation,
    );
    expect(await resolver.statusOf(selfElected)).not.toBe('valid');
  });
});
