/** Blocks from outside the federation get invalid votes; an invalid block's txs return once. */
import { computeTransactionId, makeBlock, makeVote } from '../../../src/node/core/index.js';
import { TestFederation } from './federation-harness.js';
import { createTx, keypair, waitFor } from './tx-helpers.js';

describe('election on reqlite', () => {
  const fed = new TestFederation();
  beforeAll(async () => {
    await fed.up();
  });
  afterAll(async () => {
    await fed.down();
  });

  test('a block from a key outside the federation is voted invalid and its txs return to the backlog once', async () => {
    const outsider = keypair();
    const txs = [createTx(keypair(), { what: 'smuggled 1' }), createTx(keypair(), { what: 'smuggled 2' })];
    const voters = fed.keypairs.map((k) => k.publicKey);
    const rogue = makeBlock(txs, outsider, voters);
    await fed.inspector.writeBlock(rogue);

    await waitFor(
      'three votes on the rogue block',
      async () => (await fed.inspector.getVotes(rogue.id)).length === 3,
    );
    const votes = await fed.inspector.getVotes(rogue.id);
    expect(
      votes.every(
        (v) =>
          !v.vote.is_block_valid &&
          /BLOCK_SIGNER_UNKNOWN|not a federation member/.test(v.vote.invalid_reason ?? ''),
      ),
    ).toBe(true);
    expect(await fed.inspector.getBlockStatus(rogue.id)).toBe('invalid');

    // The (valid) transactions go back to the backlog and are committed by a member.
    for (const tx of txs) {
      await waitFor(
        `${tx.id} VALID`,
        async () => (await fed.inspector.getTransactionStatus(tx.id)) === 'valid',
      );
    }
    await waitFor('backlog empty', async () => (await fed.inspector.counts()).backlog === 0);
    for (const tx of txs) {
      const blockIds = await fed.inspector.getBlockIdsContaining(tx.id);
      const statuses = await Promise.all(blockIds.map((id) => fed.inspector.getBlockStatus(id)));
      expect(statuses.filter((s) => s !== 'invalid')).toEqual(['valid']); // exactly one live copy
    }
    const requeues = fed.logs.filter((l) => l.includes('"invalid_block_requeued"') && l.includes(rogue.id));
    expect(requeues).toHaveLength(1);
    const decided = await fed.inspector.getUnsettledDecidedBlocks(100);
    expect(decided.filter((d) => d.status === 'invalid')).toEqual([]);
  });

  test('concurrent claims on one invalid block: exactly one wins', async () => {
    const outsider = keypair();
    const rogue = makeBlock([createTx(keypair(), { what: 'claimed' })], outsider, [outsider.publicKey]);
    await fed.inspector.writeBlock(rogue);
    const claims = await Promise.all(
      fed.nodes.map((n, i) => n!.store.claimRequeue(rogue.id, fed.kp(i).publicKey, 60_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  test('a member cannot elect its own block by listing only itself as voter', async () => {
    const member = fed.kp(0);
    const forged = createTx(keypair(), { what: 'forged' });
    forged.metadata = { changed: 'after signing' };
    forged.id = computeTransactionId(forged); // id fits, signature does not: never valid
    const rogue = makeBlock([forged], member, [member.publicKey]);
    const genesisId = await fed.inspector.getGenesisBlockId();
    await fed.inspector.writeVote(makeVote(rogue.id, genesisId, true, null, member));
    await fed.inspector.writeBlock(rogue);

    await waitFor('two honest votes', async () => (await fed.inspector.getVotes(rogue.id)).length === 3);
    const honest = (await fed.inspector.getVotes(rogue.id)).filter((v) => v.node_pubkey !== member.publicKey);
    expect(honest.map((v) => v.vote.invalid_reason)).toEqual([
      expect.stringMatching(/not the federation/),
      expect.stringMatching(/not the federation/),
    ]);
    for (const i of [0, 1, 2]) {
      expect(await fed.node(i).store.getBlockStatus(rogue.id)).toBe('invalid');
      expect(await fed.node(i).store.getTransactionStatus(forged.id)).not.toBe('valid');
    }
  });
});
