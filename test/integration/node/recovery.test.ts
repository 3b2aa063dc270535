/** Catch-up after a restart, stale reassignment of a dead node's backlog. */
import { TestFederation } from './federation-harness.js';
import { createTx, keypair, waitFor } from './tx-helpers.js';

describe('a node stopped and restarted votes on the blocks it missed', () => {
  // Rows assigned to the stopped member move on after 2 s, so commits do not wait for it.
  const fed = new TestFederation({ reassignDelaySec: 2 });
  beforeAll(async () => {
    await fed.up();
  });
  afterAll(async () => {
    await fed.down();
  });

  test('catch-up on start, previous_block chained', async () => {
    const first = createTx(keypair(), { what: 'before the stop' });
    await fed.node(0).submit(first, 'commit');
    const [firstBlock] = await fed.inspector.getBlockIdsContaining(first.id);
    const gamma = fed.kp(2).publicKey;
    await waitFor('gamma voted on the first block', async () =>
      (await fed.inspector.getVotes(firstBlock!)).some((v) => v.node_pubkey === gamma),
    );
    await fed.stop(2);

    const missed = [createTx(keypair(), { what: 'missed 1' }), createTx(keypair(), { what: 'missed 2' })];
    for (const tx of missed) await fed.node(1).submit(tx, 'commit'); // 2 of 3 votes: VALID
    const missedBlocks = (
      await Promise.all(missed.map((tx) => fed.inspector.getBlockIdsContaining(tx.id)))
    ).flat();
    expect((await fed.inspector.getBlocksNotVotedBy(gamma, 100)).map((b) => b.id)).toEqual(
      expect.arrayContaining(missedBlocks),
    );

    await fed.start(2);
    await waitFor(
      'gamma caught up',
      async () => (await fed.inspector.getBlocksNotVotedBy(gamma, 100)).length === 0,
    );
    const gammaVotes = await Promise.all(
      missedBlocks.map(async (id) => (await fed.inspector.getVotes(id)).find((v) => v.node_pubkey === gamma)),
    );
    expect(gammaVotes.every((v) => v?.vote.is_block_valid === true)).toBe(true);
    // Each vote points at the block gamma voted on before it (first vote after restart: the last one before).
    const chain = gammaVotes.map((v) => v?.vote.previous_block);
    expect(chain[0]).not.toBe(missedBlocks[0]);
    expect(new Set(chain).size).toBe(chain.length);
  });
});

describe('stale backlog rows of a dead node are reassigned', () => {
  const fed = new TestFederation({ reassignDelaySec: 1 });
  beforeAll(async () => {
    await fed.up([0, 1]); // member 2 never starts: it is "dead"
  });
  afterAll(async () => {
    await fed.down();
  });

  test('a row assigned to the dead member ends in a VALID block', async () => {
    const tx = createTx(keypair(), { what: 'orphan' });
    const dead = fed.kp(2).publicKey;
    await fed.inspector.writeBacklog(tx, dead);
    expect((await fed.inspector.getBacklogRow(tx.id))?.assignee).toBe(dead);
    await waitFor(
      'the orphan is VALID',
      async () => (await fed.inspector.getTransactionStatus(tx.id)) === 'valid',
      30_000,
    );
    expect(fed.logs.some((l) => l.includes('"backlog_reassigned"'))).toBe(true);
    expect(await fed.inspector.getBacklogRow(tx.id)).toBeNull();
  });
});
