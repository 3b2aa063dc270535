// The liveness stages as production runs them: real Stage loops, the federation set as
// startNode sets it (membersOf(self, keyring)), a hand-written store (fake-liveness-store.ts).
import { generateKeypair, makeCreate, makeOutput, signTransaction } from '../../../../src/node/core/index.js';
import { CommitWaiter } from '../../../../src/node/pipeline/commit-waiter.js';
import { beatOnce, createHeartbeatStage, farewell } from '../../../../src/node/pipeline/heartbeat-stage.js';
import { Ingest } from '../../../../src/node/pipeline/ingest.js';
import type { Stage } from '../../../../src/node/pipeline/stage.js';
import { createStaleStage } from '../../../../src/node/pipeline/stale-stage.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { FakeLivenessStore } from './fake-liveness-store.js';
import { contextOf, MEMBERS } from './federation-fixture.js';

const DEAD_AFTER = 5_000;
const DELAY_SEC = 120;
// Sorted, so that A is the first live member (the one that moves dead members' work); each
// context is built as startNode builds it (federation-fixture.ts, dead after 5 s as DEAD_AFTER).
const [A, B, C] = MEMBERS;
const [a, b, c] = [A.publicKey, B.publicKey, C.publicKey];

const until = async (what: string, cond: () => boolean, timeoutMs = 2_000): Promise<void> => {
  for (const started = Date.now(); !cond() && Date.now() - started < timeoutMs;)
    await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

describe('liveness stages', () => {
  let store: FakeLivenessStore;
  const running: Stage[] = [];
  const start = (...stages: Stage[]): void => {
    for (const s of stages) s.start();
    running.push(...stages);
  };
  beforeEach(() => {
    store = new FakeLivenessStore();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  test('heartbeat stage: beats on the server clock, sees who is alive; farewell removes the beat', async () => {
    const ctx = contextOf(A, store);
    store.beats.set(b, store.serverNowMs - 1_000);
    store.beats.set(c, store.serverNowMs - DEAD_AFTER - 1);
    const stage = createHeartbeatStage(ctx, { intervalMs: 20 });
    start(stage);
    await until('a live set', () => ctx.liveness.current() !== null);
    expect(store.beats.get(a)).toBe(store.serverNowMs);
    expect(ctx.liveness.report()).toMatchObject({ known: true, alive: [a, b], dead: [c] });

    store.beats.set(c, store.serverNowMs); // c comes back
    await until('c alive again', () => ctx.liveness.current()?.dead.length === 0);

    await stage.stop();
    expect(store.beats.has(a)).toBe(true); // a stopped stage is not yet a stopped node
    await farewell(ctx);
    expect(store.beats.has(a)).toBe(false);
  });

  test('heartbeat stage: a death is seen when the heartbeat ages out, not up to an interval later', async () => {
    const ctx = contextOf(A, store);
    store.beats.set(b, store.serverNowMs);
    store.beats.set(c, store.serverNowMs - DEAD_AFTER + 150); // c turns dead in 150 ms (server time)
    const advance = setInterval(() => (store.serverNowMs += 10), 10); // the server's clock runs
    try {
      start(createHeartbeatStage(ctx, { intervalMs: 60_000 }));
      await until('a live set', () => ctx.liveness.current() !== null);
      expect(ctx.liveness.current()?.dead).toEqual([]);
      await until('c dead', () => ctx.liveness.current()?.dead[0] === c, 1_000);
    } finally {
      clearInterval(advance);
    }
  });

  test('stale stage: a dead member’s rows move at once, a live member’s stay until the delay', async () => {
    const ctx = contextOf(A, store);
    const now = Date.now();
    store.beats.set(b, store.serverNowMs);
    store.beats.set(c, store.serverNowMs - DEAD_AFTER - 1);
    store.put('dead-fresh', c, now);
    store.put('live-fresh', b, now - 1_000);
    store.put('live-late', b, now - DELAY_SEC * 1000 - 1_000);
    await beatOnce(ctx); // as startNode does before the stages start
    start(createStaleStage(ctx, { reassignDelaySec: DELAY_SEC, intervalMs: 50 }));

    await until('the dead member’s row moved', () => store.assigneeOf('dead-fresh') !== c, 1_000);
    expect([a, b]).toContain(store.assigneeOf('dead-fresh'));
    await until('the late row moved', () => store.assigneeOf('live-late') !== b);
    expect(store.assigneeOf('live-late')).toBe(a); // the only other live member, never dead c
    await new Promise((r) => setTimeout(r, 200)); // a few more ticks
    expect(store.assigneeOf('live-fresh')).toBe(b);
  });

  test('stale stage: a member found dead has its rows moved at once, not at the next tick', async () => {
    const ctx = contextOf(A, store);
    store.beats.set(b, store.serverNowMs);
    store.beats.set(c, store.serverNowMs);
    store.put('c-row', c, Date.now());
    // Ticks 5 s apart (a quarter of a 20 s delay): only the change of the live set can act sooner.
    start(
      createStaleStage(ctx, { reassignDelaySec: 20, intervalMs: 60_000 }),
      createHeartbeatStage(ctx, { intervalMs: 20 }),
    );
    await until('c alive', () => ctx.liveness.current()?.alive.length === 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(store.assigneeOf('c-row')).toBe(c); // alive, within the delay: stays
    store.serverNowMs += DEAD_AFTER; // c's heartbeat is now too old (a and b keep beating)
    await until('the row of c moved', () => store.assigneeOf('c-row') !== c, 1_000);
  });

  test('only the first live member moves a dead member’s rows; every member moves stale ones', async () => {
    const ctx = contextOf(B, store); // a is alive and first: b leaves c's rows to a
    const now = Date.now();
    store.beats.set(a, store.serverNowMs);
    store.beats.set(c, store.serverNowMs - DEAD_AFTER - 1);
    store.put('dead-fresh', c, now);
    store.put('dead-late', c, now - DELAY_SEC * 1000 - 1);
    start(
      createStaleStage(ctx, { reassignDelaySec: DELAY_SEC, intervalMs: 20 }),
      createHeartbeatStage(ctx, { intervalMs: 20 }),
    );
    await until('the late row moved by the delay rule', () => store.assigneeOf('dead-late') !== c);
    expect([a, b]).toContain(store.assigneeOf('dead-late'));
    await new Promise((r) => setTimeout(r, 200));
    expect(store.assigneeOf('dead-fresh')).toBe(c);
  });

  test('ingest assigns new work to live members only', async () => {
    const ctx = contextOf(A, store);
    store.beats.set(b, store.serverNowMs);
    store.beats.set(c, store.serverNowMs - DEAD_AFTER);
    ctx.liveness.update(await store.readHeartbeats());
    const ingest = new Ingest(ctx, new CommitWaiter(ctx.store, silentLogger), 1_000);
    const owner = generateKeypair();
    const assignees = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const unsigned = makeCreate({
        asset: { i },
        outputs: [makeOutput(owner.publicKey)],
        issuers: [owner.publicKey],
      });
      const tx = (await ingest.submit(signTransaction(unsigned, [owner.privateKey]), 'async')).tx;
      assignees.add(store.assigneeOf(tx.id)!);
    }
    expect(assignees).toEqual(new Set([a, b]));
  });
});
