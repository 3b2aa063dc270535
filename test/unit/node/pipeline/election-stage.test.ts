// The election stage as production runs it: every member runs it at once against one shared
// in-memory ledger that answers like the real store (fake-ledger.ts), with the federation set.
import { makeBlock, makeVote, type Block, type Keypair } from '../../../../src/node/core/index.js';
import { createElectionStage, REQUEUE_LEASE_MS } from '../../../../src/node/pipeline/election-stage.js';
import { createLogger } from '../../../../src/shared/log.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS, Running, until } from './federation-fixture.js';

const [A, B, C] = MEMBERS;

describe('election stage (three members, one shared store)', () => {
  let store: FakeLedger;
  const running = new Running();
  beforeEach(() => {
    store = new FakeLedger(A, KEYS);
  });
  afterEach(() => running.stopAll());

  async function decided(block: Block, valid: boolean, voters: readonly Keypair[]): Promise<Block> {
    await store.writeBlock(block);
    for (const v of voters)
      await store.writeVote(makeVote(block.id, store.genesis.id, valid, valid ? null : 'no', v));
    return block;
  }

  test('an invalid block’s transactions go back to the backlog exactly once, though every member runs the stage', async () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l) });
    const [t1, t2, t3, t4] = [1, 2, 3, 4].map((n) => createTx(C, { n }));
    const rogue = await decided(makeBlock([t1!, t2!], B, KEYS, 10), false, [A, C]);
    const good = await decided(makeBlock([t3!], C, KEYS, 20), true, [A, B]);
    const open = await decided(makeBlock([t4!], A, KEYS, 30), true, [A]); // 1 of 3: undecided
    expect([rogue, good, open].map((b) => store.statusOf(b))).toEqual(['invalid', 'valid', 'undecided']);

    running.start(
      ...MEMBERS.map((m) => createElectionStage(contextOf(m, store, MEMBERS, log), { intervalMs: 60_000 })),
    );
    await until('rogue re-queued', () => store.requeued.has(rogue.id));
    await running.ticks();

    expect([...store.backlog.keys()].sort()).toEqual([t1!.id, t2!.id].sort());
    for (const row of store.backlog.values()) expect(KEYS).toContain(row.assignee);
    expect(store.writes.filter((w) => w.startsWith('writeBacklog'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes('"invalid_block_requeued"'))).toHaveLength(1);
    // The valid block is settled (nothing to do), the undecided one waits for its election.
    expect([...store.unsettled]).toEqual([open.id]);
    // (Each member may settle it: an idempotent write, as on the real store.)
    expect(new Set(store.writes.filter((w) => w.startsWith('settle')))).toEqual(
      new Set([`settle ${good.id}`]),
    );
  });

  test('a transaction already in the backlog or in another live block is not re-queued', async () => {
    const [waiting, committed, free] = [1, 2, 3].map((n) => createTx(C, { n }));
    await store.writeBacklog(waiting!, C.publicKey, { assignmentTimestampMs: 5 });
    await decided(makeBlock([committed!], A, KEYS, 5), true, [A, B, C]);
    const rogue = await decided(makeBlock([waiting!, committed!, free!], B, KEYS, 10), false, [A, B]);

    running.start(createElectionStage(contextOf(A, store), { intervalMs: 60_000 }));
    await until('rogue re-queued', () => store.requeued.has(rogue.id));
    expect([...store.backlog.keys()].sort()).toEqual([waiting!.id, free!.id].sort());
    expect(store.backlog.get(waiting!.id)).toMatchObject({ assignee: C.publicKey, assignmentTimestampMs: 5 });
  });

  test('a live claim of another member is respected; one older than the lease is taken over', async () => {
    const tx = createTx(C, { n: 1 });
    const rogue = await decided(makeBlock([tx], B, KEYS, 10), false, [B, C]);
    store.claims.set(rogue.id, { by: C.publicKey, atMs: Date.now() }); // C is re-queuing it now
    running.start(createElectionStage(contextOf(A, store), { intervalMs: 20 }));
    await running.ticks(3);
    expect(store.backlog.size).toBe(0);
    expect(store.requeued.has(rogue.id)).toBe(false);

    store.claims.set(rogue.id, { by: C.publicKey, atMs: Date.now() - REQUEUE_LEASE_MS - 1 }); // C died mid-way
    await until('taken over', () => store.requeued.has(rogue.id));
    expect(store.claims.get(rogue.id)?.by).toBe(A.publicKey);
    expect([...store.backlog.keys()]).toEqual([tx.id]);
  });
});
