// The vote stage as production runs it: every member's own stage, the federation set of three
// members, one shared in-memory ledger that answers like the real store (fake-ledger.ts).
import { makeBlock, type Vote } from '../../../../src/node/core/index.js';
import { createBlockStage } from '../../../../src/node/pipeline/block-stage.js';
import { createVoteStage } from '../../../../src/node/pipeline/vote-stage.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS, Running, transferTx, until } from './federation-fixture.js';

const [A, B, C] = MEMBERS;

describe('vote stage (three members, one shared store)', () => {
  let store: FakeLedger;
  const running = new Running();
  beforeEach(() => {
    store = new FakeLedger(A, KEYS);
  });
  afterEach(() => running.stopAll());

  const votesBy = (key: string): Vote[] =>
    [...store.votes.values()]
      .filter((v) => v.node_pubkey === key)
      .sort((x, y) => Number(x.vote.timestamp) - Number(y.vote.timestamp));

  test('each member votes once per block, oldest block first, chaining previous_block from genesis', async () => {
    const b1 = makeBlock([createTx(A, { n: 1 })], A, KEYS, 1_000);
    const b2 = makeBlock([createTx(B, { n: 2 })], B, KEYS, 2_000);
    await store.writeBlock(b2); // written out of order: the stage orders by block timestamp
    await store.writeBlock(b1);
    running.start(...MEMBERS.map((m) => createVoteStage(contextOf(m, store), { intervalMs: 60_000 })));

    await until('six votes', () => store.votes.size === 6);
    await running.ticks();
    expect(store.votes.size).toBe(6);
    for (const key of KEYS) {
      expect(
        votesBy(key).map((v) => [v.vote.voting_for_block, v.vote.previous_block, v.vote.is_block_valid]),
      ).toEqual([
        [b1.id, store.genesis.id, true],
        [b2.id, b1.id, true],
      ]);
    }
    expect([store.statusOf(b1), store.statusOf(b2)]).toEqual(['valid', 'valid']);
  });

  test('votes invalid a block that does not name the federation as voters, or holds an invalid transaction', async () => {
    const selfElected = makeBlock([createTx(A, { n: 1 })], A, [A.publicKey], 1_000);
    const spendsNothing = makeBlock([transferTx(createTx(B, { n: 2 }), B, C.publicKey)], C, KEYS, 2_000);
    await store.writeBlock(selfElected);
    await store.writeBlock(spendsNothing);
    running.start(createVoteStage(contextOf(B, store), { intervalMs: 60_000 }));

    await until('two votes of B', () => votesBy(B.publicKey).length === 2);
    const [v1, v2] = votesBy(B.publicKey);
    expect(v1!.vote).toMatchObject({ voting_for_block: selfElected.id, is_block_valid: false });
    expect(v1!.vote.invalid_reason).toMatch(/not the federation/);
    expect(v2!.vote).toMatchObject({ voting_for_block: spendsNothing.id, is_block_valid: false });
    expect(v2!.vote.invalid_reason).toMatch(/^[A-Z_]+: /); // the transaction's error code
  });

  test('a restarted stage votes only on new blocks and continues the chain from its last vote', async () => {
    const b1 = makeBlock([createTx(A, { n: 1 })], A, KEYS, 1_000);
    await store.writeBlock(b1);
    const first = createVoteStage(contextOf(C, store), { intervalMs: 60_000 });
    running.start(first);
    await until('a vote on b1', () => votesBy(C.publicKey).length === 1);
    await first.stop();

    const b2 = makeBlock([createTx(A, { n: 2 })], A, KEYS, 2_000);
    await store.writeBlock(b2);
    running.start(createVoteStage(contextOf(C, store), { intervalMs: 60_000 }));
    await until('a vote on b2', () => votesBy(C.publicKey).length === 2);
    await running.ticks();
    expect(votesBy(C.publicKey).map((v) => [v.vote.voting_for_block, v.vote.previous_block])).toEqual([
      [b1.id, store.genesis.id],
      [b2.id, b1.id],
    ]);
  });

  test('no vote without a verdict: a facts failure aborts the round, the next round votes', async () => {
    await store.writeBlock(makeBlock([createTx(A, { n: 1 })], A, KEYS, 1_000));
    store.failNext.set('facts', new Error('database unreachable'));
    const stage = createVoteStage(contextOf(A, store), { intervalMs: 60_000 });
    running.start(stage);
    await until('the failed round', () => stage.health().lastError !== null);
    expect(store.votes.size).toBe(0);
    await until('the vote', () => store.votes.size === 1, 4_000);
    expect(votesBy(A.publicKey)[0]!.vote.is_block_valid).toBe(true);
  });

  test('blocks waiting together are judged at once, and their votes still land in block order', async () => {
    const blocks = [1, 2, 3].map((n) => makeBlock([createTx(A, { n })], A, KEYS, n * 1_000));
    for (const b of blocks) await store.writeBlock(b);
    // Every read of a judgment waits until three are waiting: one block at a time never gets there.
    let waiting = 0;
    let release!: () => void;
    const allWaiting = new Promise<void>((resolve) => (release = resolve));
    store.factsGate = async () => {
      if (++waiting === 3) release();
      await Promise.race([allWaiting, new Promise((r) => setTimeout(r, 3_000))]);
    };
    const startedMs = Date.now();
    running.start(createVoteStage(contextOf(B, store), { intervalMs: 60_000 }));
    await until('three votes of B', () => votesBy(B.publicKey).length === 3, 10_000);
    expect(Date.now() - startedMs).toBeLessThan(2_500); // the 3 s fallback never ran
    expect(votesBy(B.publicKey).map((v) => [v.vote.voting_for_block, v.vote.previous_block])).toEqual([
      [blocks[0]!.id, store.genesis.id],
      [blocks[1]!.id, blocks[0]!.id],
      [blocks[2]!.id, blocks[1]!.id],
    ]);
  });

  test('block and vote stages of three members commit a transaction', async () => {
    const tx = createTx(C, { n: 1 });
    await store.writeBacklog(tx, B.publicKey);
    for (const m of MEMBERS) {
      const ctx = contextOf(m, store);
      running.start(
        createBlockStage(ctx, { maxTxs: 10, maxWaitMs: 20, intervalMs: 60_000 }),
        createVoteStage(ctx, { intervalMs: 60_000 }),
      );
    }
    await until('tx valid', async () => (await store.facts.getCommittedTransaction(tx.id)) !== null);
    const [blockId] = await store.getBlockIdsContaining(tx.id);
    expect(store.blocks.get(blockId!)!.block.node_pubkey).toBe(B.publicKey);
    expect(store.backlog.size).toBe(0);
    await until('every member voted', () => store.votesOf(blockId!).length === 3);
  });
});
