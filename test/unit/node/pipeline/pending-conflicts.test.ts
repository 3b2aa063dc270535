// A backlog transaction that conflicts with an UNDECIDED block waits for that block's decision
// (the client got 202: it must not be dropped for a block that may still go INVALID); it is
// dropped only for a conflict with a VALID block. Conflicting spends go to ONE member (chosen
// from the output they spend), whose block stage takes one and keeps the other pending, so two
// conflicting spends do not collide block after block.
import { makeBlock, makeVote, type Block, type Transaction } from '../../../../src/node/core/index.js';
import { createBlockStage } from '../../../../src/node/pipeline/block-stage.js';
import { CommitWaiter } from '../../../../src/node/pipeline/commit-waiter.js';
import { createElectionStage } from '../../../../src/node/pipeline/election-stage.js';
import { Ingest } from '../../../../src/node/pipeline/ingest.js';
import { createVoteStage } from '../../../../src/node/pipeline/vote-stage.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS, Running, transferTx, until } from './federation-fixture.js';

const [A, B, C] = MEMBERS;

describe('backlog transactions in conflict with an undecided block', () => {
  let store: FakeLedger;
  const running = new Running();
  beforeEach(() => {
    store = new FakeLedger(A, KEYS);
  });
  afterEach(() => running.stopAll());

  const blockStageOfA = (): void =>
    running.start(createBlockStage(contextOf(A, store), { maxTxs: 10, maxWaitMs: 0, intervalMs: 100 }));
  const decide = async (block: Block, valid: boolean): Promise<void> => {
    for (const m of MEMBERS)
      await store.writeVote(makeVote(block.id, store.genesis.id, valid, valid ? null : 'no', m));
  };
  const blocksOfA = (tx: Transaction): Block[] =>
    [...store.blocks.values()].filter(
      (b) => b.block.node_pubkey === A.publicKey && b.block.transactions.some((t) => t.id === tx.id),
    );

  test('a transaction also in an undecided block stays in the backlog, and is blocked once that block is INVALID', async () => {
    const tx = createTx(C, { n: 1 });
    const other = makeBlock([tx], B, KEYS, 10);
    await store.writeBlock(other);
    await store.writeBacklog(tx, A.publicKey);
    blockStageOfA();
    await running.ticks(3);
    expect(store.backlog.has(tx.id)).toBe(true);
    expect(blocksOfA(tx)).toEqual([]);

    await decide(other, false);
    await until('tx in a block of A', () => blocksOfA(tx).length === 1);
    await until('row deleted', () => !store.backlog.has(tx.id));
  });

  test('a spend of an output an undecided block spends stays in the backlog; INVALID: it is blocked, VALID: dropped', async () => {
    const [c1, c2] = [createTx(C, { n: 1 }), createTx(C, { n: 2 })];
    await commit(store, [c1, c2]);
    const [first1, second1] = [transferTx(c1, C, A.publicKey), transferTx(c1, C, B.publicKey)];
    const [first2, second2] = [transferTx(c2, C, A.publicKey), transferTx(c2, C, B.publicKey)];
    const [goesInvalid, goesValid] = [makeBlock([first1], B, KEYS, 10), makeBlock([first2], B, KEYS, 11)];
    await store.writeBlock(goesInvalid);
    await store.writeBlock(goesValid);
    for (const tx of [second1, second2]) await store.writeBacklog(tx, A.publicKey);
    blockStageOfA();
    await running.ticks(3);
    expect([store.backlog.has(second1.id), store.backlog.has(second2.id)]).toEqual([true, true]);

    await decide(goesInvalid, false);
    await decide(goesValid, true);
    await until('second1 in a block of A', () => blocksOfA(second1).length === 1);
    await until('backlog empty', () => store.backlog.size === 0);
    expect(blocksOfA(second2)).toEqual([]); // a real double spend: dropped
  });
});

describe('two conflicting spends posted through two members', () => {
  let store: FakeLedger;
  const running = new Running();
  beforeEach(() => {
    store = new FakeLedger(A, KEYS);
  });
  afterEach(() => running.stopAll());

  test('land on one member: one is committed, the other dropped, no block is ever INVALID', async () => {
    const create = createTx(C, { n: 1 });
    await commit(store, [create]);
    const spends = [transferTx(create, C, A.publicKey), transferTx(create, C, B.publicKey)];
    // Two members whose random choices differ (first and last member).
    const picks = [0, 0.99];
    for (const [i, m] of [A, B].entries()) {
      const ctx = { ...contextOf(m, store), random: () => picks[i]! };
      await new Ingest(ctx, new CommitWaiter(store, silentLogger), 1_000).submit(spends[i], 'async');
    }
    const assignees = spends.map((tx) => store.backlog.get(tx.id)?.assignee);
    expect(new Set(assignees).size).toBe(1);

    for (const [i, m] of MEMBERS.entries()) {
      const ctx = { ...contextOf(m, store), random: () => [0, 0.5, 0.99][i]! };
      running.start(
        createBlockStage(ctx, { maxTxs: 10, maxWaitMs: 0, intervalMs: 100 }),
        createVoteStage(ctx, { intervalMs: 100 }),
        createElectionStage(ctx, { intervalMs: 100 }),
      );
    }
    const committed = async (): Promise<string[]> =>
      (await Promise.all(spends.map((tx) => store.facts.getCommittedTransaction(tx.id))))
        .filter((tx) => tx !== null)
        .map((tx) => tx.id);
    await until(
      'one committed and the backlog empty',
      async () => (await committed()).length > 0 && store.backlog.size === 0,
      5_000,
    );
    const invalid = [...store.blocks.values()].filter((b) => store.statusOf(b) === 'invalid');
    expect(invalid).toEqual([]);
    expect(await committed()).toHaveLength(1);
  });
});

/** A block holding `txs`, with three valid votes. */
async function commit(store: FakeLedger, txs: Transaction[]): Promise<void> {
  const block = makeBlock(txs, A, KEYS, 5);
  await store.writeBlock(block);
  for (const m of MEMBERS) await store.writeVote(makeVote(block.id, store.genesis.id, true, null, m));
}
