// The block stage as production runs it: a real Stage loop, the federation set of three
// members, one shared in-memory ledger that answers like the real store (fake-ledger.ts).
import { makeBlock, makeVote, type Block, type Transaction } from '../../../../src/node/core/index.js';
import { createBlockStage } from '../../../../src/node/pipeline/block-stage.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS, Running, transferTx, until } from './federation-fixture.js';

const [A, B, C] = MEMBERS;
const ids = (txs: readonly Transaction[]): string[] => txs.map((t) => t.id).sort();

describe('block stage (three members, one shared store)', () => {
  let store: FakeLedger;
  const running = new Running();
  beforeEach(() => {
    store = new FakeLedger(A, KEYS);
  });
  afterEach(() => running.stopAll());

  const newBlocks = (): Block[] => [...store.blocks.values()].filter((b) => b.id !== store.genesis.id);

  test('packs my rows into one block naming the whole federation as voters, writes it, then deletes the rows', async () => {
    const mine = [createTx(A, { n: 1 }), createTx(B, { n: 2 })];
    const theirs = createTx(C, { n: 3 });
    for (const tx of mine) await store.writeBacklog(tx, A.publicKey);
    await store.writeBacklog(theirs, B.publicKey);
    running.start(
      createBlockStage(contextOf(A, store), { maxTxs: 2, maxWaitMs: 60_000, intervalMs: 60_000 }),
    );

    await until('my rows gone', () => mine.every((tx) => !store.backlog.has(tx.id)));
    const [block, ...more] = newBlocks();
    expect(more).toEqual([]);
    expect(block!.block.node_pubkey).toBe(A.publicKey);
    expect(block!.block.voters).toEqual(KEYS); // the federation: keyring plus self, sorted
    expect(ids(block!.block.transactions)).toEqual(ids(mine));
    expect([...store.backlog.keys()]).toEqual([theirs.id]); // another member's work is not mine
    // The block first, then its rows: a crash in between leaves work to redo, never work lost.
    expect(store.writes.filter((w) => !w.startsWith('writeBacklog'))).toEqual([
      `writeBlock ${block!.id}`,
      `deleteBacklog ${ids(mine).join(',')}`,
    ]);
  });

  test('waits up to the flush interval for more rows, then packs what arrived', async () => {
    await store.writeBacklog(createTx(A, { n: 1 }), A.publicKey);
    const stage = createBlockStage(contextOf(A, store), { maxTxs: 10, maxWaitMs: 400, intervalMs: 60_000 });
    running.start(stage);
    await until('the stage saw the row', () => stage.health().ticks >= 1);
    expect(newBlocks()).toEqual([]); // one row of ten, not yet waited 400 ms
    await store.writeBacklog(createTx(A, { n: 2 }), A.publicKey);
    await until('a block', () => newBlocks().length === 1);
    expect(newBlocks()[0]!.block.transactions).toHaveLength(2);
    expect(store.backlog.size).toBe(0);
  });

  test('drops invalid rows and rows already in a valid block, keeps rows in an undecided block; re-blocks a transaction whose block was invalid', async () => {
    const fresh = createTx(A, { kind: 'fresh' });
    const forged = { ...createTx(A, { kind: 'forged' }), metadata: { changed: 'after signing' } };
    const unspendable = transferTx(createTx(B, { kind: 'never committed' }), B, C.publicKey);
    const pending = createTx(B, { kind: 'in an undecided block' });
    const rejected = createTx(C, { kind: 'in an invalid block' });
    await store.writeBlock(makeBlock([pending], B, KEYS, 10));
    const invalid = makeBlock([rejected], C, KEYS, 20);
    await store.writeBlock(invalid);
    for (const voter of [A, B])
      await store.writeVote(makeVote(invalid.id, store.genesis.id, false, 'no', voter));
    expect(store.statusOf(invalid)).toBe('invalid');
    for (const tx of [fresh, forged, unspendable, pending, rejected])
      await store.writeBacklog(tx, A.publicKey);

    running.start(
      createBlockStage(contextOf(A, store), { maxTxs: 5, maxWaitMs: 60_000, intervalMs: 60_000 }),
    );
    // `pending` waits for its undecided block's decision (it may still go INVALID).
    await until('the backlog emptied but for the pending row', () => store.backlog.size === 1);
    expect([...store.backlog.keys()]).toEqual([pending.id]);
    const mine = newBlocks().filter((b) => b.block.node_pubkey === A.publicKey);
    expect(mine).toHaveLength(1);
    expect(ids(mine[0]!.block.transactions)).toEqual(ids([fresh, rejected]));
  });

  test('a failed block write keeps the rows in the backlog; a later tick writes the block', async () => {
    const txs = [createTx(A, { n: 1 }), createTx(A, { n: 2 })];
    for (const tx of txs) await store.writeBacklog(tx, A.publicKey);
    store.failNext.set('writeBlock', new Error('database unreachable'));
    const stage = createBlockStage(contextOf(A, store), { maxTxs: 2, maxWaitMs: 60_000, intervalMs: 60_000 });
    running.start(stage);

    await until('the failed tick', () => stage.health().lastError !== null);
    expect([...store.backlog.keys()].sort()).toEqual(ids(txs));
    await until('the retried block', () => newBlocks().length === 1, 4_000);
    await until('rows deleted after it', () => store.backlog.size === 0);
    expect(ids(newBlocks()[0]!.block.transactions)).toEqual(ids(txs));
  });
});
