/** The RethinkLedgerStore against a real reqlite server process. */
import { makeBlock, makeGenesisBlock, makeVote, type Keypair } from '../../../src/node/core/index.js';
import { r } from 'rethinkdb-ts';
import { silentLogger } from '../../../src/shared/log.js';
import { connectLedgerStore, type RethinkLedgerStore } from '../../../src/node/store/index.js';
import { startReqlite, type ReqliteProcess } from '../../support/reqlite-process.js';
import { createTx, keypair, transferTx, waitFor } from './tx-helpers.js';

describe('RethinkLedgerStore on reqlite', () => {
  let server: ReqliteProcess;
  let store: RethinkLedgerStore;
  let alice: Keypair;
  let nodes: Keypair[];

  beforeAll(async () => {
    server = await startReqlite();
    store = await connectLedgerStore(
      { host: server.host, port: server.port, db: 'store_test' },
      silentLogger,
    );
    alice = keypair();
    nodes = [keypair(), keypair(), keypair()];
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  const node = (i: number): Keypair => nodes[i] as Keypair;
  const voters = (): string[] => nodes.map((n) => n.publicKey);

  test('detects reqlite and lists its limitations', () => {
    expect(store.engine).toBe('reqlite');
    expect(store.limitations.length).toBeGreaterThan(0);
  });

  test('init creates the schema and genesis; a second init is refused; reconfigure is a typed error', async () => {
    expect(await store.exists()).toBe(false);
    const genesis = makeGenesisBlock(node(0));
    await store.init({ genesis });
    expect(await store.exists()).toBe(true);
    expect(await store.getGenesisBlockId()).toBe(genesis.id);
    expect(await store.getBlockStatus(genesis.id)).toBe('valid');
    await expect(store.init({ genesis })).rejects.toMatchObject({ code: 'DB_EXISTS' });
    await expect(store.setShards(2)).rejects.toMatchObject({ code: 'ENGINE_LIMITATION' });
    await expect(store.setReplicas(3)).rejects.toMatchObject({ code: 'ENGINE_LIMITATION' });
    expect((await store.health()).connected).toBe(true);
  });

  test('backlog: write, assigned-to order, stale, compare-and-set reassign, delete', async () => {
    const [a, b, c] = [createTx(alice, { n: 1 }), createTx(alice, { n: 2 }), createTx(alice, { n: 3 })];
    await store.writeBacklog(a, node(0).publicKey, { assignmentTimestampMs: 3000 });
    await store.writeBacklog(b, node(0).publicKey, { assignmentTimestampMs: 1000 });
    await store.writeBacklog(c, node(1).publicKey, { assignmentTimestampMs: 2000 });
    expect(await store.writeBacklog(c, node(2).publicKey, { onConflict: 'skip' })).toBe(false);
    expect((await store.getBacklogAssignedTo(node(0).publicKey, 10)).map((r) => r.tx.id)).toEqual([
      b.id,
      a.id,
    ]);
    expect((await store.getStaleBacklog(2500, 10)).map((r) => r.tx.id)).toEqual([b.id, c.id]);
    const row = await store.getBacklogRow(c.id);
    expect(row?.assignee).toBe(node(1).publicKey);
    expect(await store.reassignBacklog(row!, node(2).publicKey, 5000)).toBe(true);
    expect(await store.reassignBacklog(row!, node(0).publicKey, 6000)).toBe(false);
    expect((await store.getBacklogRow(c.id))?.assignee).toBe(node(2).publicKey);
    expect(await store.getTransactionStatus(a.id)).toBe('backlog');
    await store.deleteBacklog([a.id, b.id, c.id, 'missing']);
    expect((await store.counts()).backlog).toBe(0);
  });

  test('blocks, votes, election statuses, API queries and facts', async () => {
    const create = createTx(alice, { kind: 'Bicycle', serial: 'ABC-42' }, { note: 'Shiny Red' });
    const block1 = makeBlock([create], node(0), voters());
    await store.writeBlock(block1);
    await store.writeBlock(block1); // idempotent retry
    expect(await store.getBlock(block1.id)).toEqual(block1);
    expect(await store.getBlockIdsContaining(create.id)).toEqual([block1.id]);
    expect(await store.getBlockStatus(block1.id)).toBe('undecided');
    expect((await store.getBlocksNotVotedBy(node(1).publicKey, 10)).map((b) => b.id)).toEqual([block1.id]);
    const genesisId = await store.getGenesisBlockId();
    for (const i of [0, 1]) {
      expect(await store.writeVote(makeVote(block1.id, genesisId, true, null, node(i)))).toBe(true);
    }
    expect(await store.writeVote(makeVote(block1.id, genesisId, true, null, node(1)))).toBe(false);
    expect(await store.getVotes(block1.id)).toHaveLength(2);
    expect(await store.getBlockStatus(block1.id)).toBe('valid');
    expect(await store.getBlocksNotVotedBy(node(1).publicKey, 10)).toEqual([]);
    expect(await store.getLastVotedBlockId(node(1).publicKey)).toBe(block1.id);
    expect(await store.getTransaction(create.id)).toEqual({ tx: create, status: 'valid' });
    expect(await store.facts.getCommittedTransaction(create.id)).toEqual(create);
    expect(await store.getTransactionsByAsset(create.id, 'CREATE')).toEqual([create]);
    expect(await store.searchAssets('bicycle', 10)).toEqual([
      { id: create.id, data: { kind: 'Bicycle', serial: 'ABC-42' } },
    ]);
    expect(await store.searchAssets('abc-4', 10)).toHaveLength(1);
    expect(await store.searchAssets('(.*', 10)).toEqual([]);
    expect(await store.searchMetadata('shiny red', 10)).toEqual([
      { id: create.id, metadata: { note: 'Shiny Red' } },
    ]);
    expect(await store.getOutputs(alice.publicKey, false)).toEqual([
      { transaction_id: create.id, output_index: 0 },
    ]);

    const bob = keypair();
    const transfer = transferTx(create, alice, bob.publicKey);
    const block2 = makeBlock([transfer], node(1), voters());
    await store.writeBlock(block2);
    expect(await store.facts.getSpenderIds(create.id, 0)).toEqual([transfer.id]);
    expect(await store.getOutputs(alice.publicKey, true)).toEqual([
      { transaction_id: create.id, output_index: 0 },
    ]);
    for (const i of [0, 1]) await store.writeVote(makeVote(block2.id, block1.id, false, 'test', node(i)));
    expect(await store.getBlockStatus(block2.id)).toBe('invalid');
    // Not re-queued yet: it comes back, so not rejected for good.
    expect(await store.getTransactionStatus(transfer.id)).toBe('undecided');
    expect(await store.facts.getSpenderIds(create.id, 0)).toEqual([]);
    const decided = async (): Promise<[string, string][]> =>
      (await store.getUnsettledDecidedBlocks(10)).map((d) => [d.block.id, d.status]);
    // A pure read: asking twice changes nothing.
    expect(await decided()).toEqual([
      [block1.id, 'valid'],
      [block2.id, 'invalid'],
    ]);
    expect(await decided()).toHaveLength(2);
    expect(await store.settleValidBlock(block2.id)).toBe(false); // invalid: only markRequeued settles it
    expect(await store.settleValidBlock(block1.id)).toBe(true);
    expect(await decided()).toEqual([[block2.id, 'invalid']]);
    expect(await store.claimRequeue(block2.id, node(0).publicKey, 60_000)).toBe(true);
    expect(await store.claimRequeue(block2.id, node(1).publicKey, 60_000)).toBe(false);
    await store.markRequeued(block2.id);
    expect(await store.getUnsettledDecidedBlocks(10)).toEqual([]);
    // Re-queued, and neither in the backlog nor in another block: rejected for good.
    expect(await store.getTransactionStatus(transfer.id)).toBe('invalid');
    expect(await store.counts()).toEqual({ blocks: 3, votes: 4, backlog: 0 });
  });

  test('a re-queue claim is taken over after any number of expired leases (no silent cap)', async () => {
    const block = makeBlock([createTx(alice, { claims: 'many' })], node(0), voters(), 5_000);
    await store.writeBlock(block);
    const blockId = block.id;
    const old = Array.from({ length: 1_050 }, (_, g) => ({
      id: `${blockId}#${g}`,
      block_id: blockId,
      by: 'a-dead-node',
      at_ms: 1,
    }));
    const conn = await r.connect({ host: server.host, port: server.port, silent: true });
    try {
      await r.db('store_test').table('requeue_claims').insert(old).run(conn);
    } finally {
      await conn.close();
    }
    // Before: after 1,000 stale generations the claim gave up and said false (nobody re-queued).
    expect(await store.claimRequeue(blockId, node(0).publicKey, 60_000)).toBe(true);
    expect(await store.claimRequeue(blockId, node(1).publicKey, 60_000)).toBe(false);
  });

  test('concurrent blocks spending one output are all recorded (exclusive lookup slots)', async () => {
    const others = await Promise.all(
      [1, 2, 3].map(() =>
        connectLedgerStore({ host: server.host, port: server.port, db: 'store_test' }, silentLogger),
      ),
    );
    try {
      const create = createTx(alice, { what: 'contested' });
      const spends = others.map(() => transferTx(create, alice, keypair().publicKey));
      const blocks = spends.map((tx, i) => makeBlock([tx], node(i), voters()));
      await Promise.all(blocks.map((b, i) => others[i]!.writeBlock(b)));
      const spenders = await store.facts.getSpenderIds(create.id, 0);
      expect(spenders.sort()).toEqual(spends.map((tx) => tx.id).sort());
      await Promise.all(blocks.map((b, i) => others[i]!.writeBlock(b))); // retries add nothing
      expect(await store.facts.getSpenderIds(create.id, 0)).toHaveLength(3);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  test('changefeeds deliver new rows and end on close', async () => {
    const feed = await store.watchBacklog(node(2).publicKey);
    const seen: string[] = [];
    const done = (async () => {
      for await (const row of feed) seen.push(row.tx.id);
    })();
    const mine = createTx(alice, { feed: 1 });
    await store.writeBacklog(createTx(alice, { feed: 2 }), node(0).publicKey);
    await store.writeBacklog(mine, node(2).publicKey);
    await waitFor('backlog feed event', async () => seen.includes(mine.id));
    await feed.close();
    await done;
    expect(seen).toEqual([mine.id]);
  });

  test('drop removes the database', async () => {
    await store.drop();
    expect(await store.exists()).toBe(false);
    await expect(store.drop()).rejects.toMatchObject({ code: 'DB_MISSING' });
  });
});
