/**
 * Losing a node (issue 9), in process: three nodes on one database, gamma crashes (its database
 * connection goes: heartbeats stop, no farewell), and every transaction posted in commit mode
 * through alpha and beta must be VALID within 10 s; rows already assigned to gamma move once its heartbeat is dead_after old (never before);
 * a gamma known dead gets no new work; restarted, it takes work again and catches up on votes.
 * Checked from the data (backlog rows, statuses, blocks, votes), never from counters.
 * Run against reqlite (liveness.test.ts) and a real RethinkDB server (liveness-rethinkdb.test.ts).
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Transaction } from '../../../src/node/core/index.js';
import { defaultConfig } from '../../../src/node/config/index.js';
import { namedSteps } from '../../support/named-steps.js';
import { TestFederation, type DatabaseServer } from './federation-harness.js';
import { createTx, keypair, waitFor } from './tx-helpers.js';

/** The config's defaults: the recovery measured is the one operators get. */
const { heartbeat_interval_ms: BEAT_MS, dead_after_ms: DEAD_AFTER_MS } = defaultConfig().liveness;
const TARGET_MS = 10_000;
const POSTS = 9;
const [ALPHA, BETA, GAMMA] = [0, 1, 2];

export function describeLosingANode(
  engine: 'reqlite' | 'rethinkdb',
  server?: () => Promise<DatabaseServer>,
): void {
  describe(`losing one node of three (${engine})`, () => {
    const { step, failed } = namedSteps();
    // Production timings (block flush 1 s, reassign delay 120 s): only liveness can move work in time.
    const fed = new TestFederation({ server, reassignDelaySec: 120, maxTxs: 1000, flushMs: 1000 });
    const gamma = (): string => fed.kp(GAMMA).publicKey;
    const via = (i: number): number => (i % 2 === 0 ? ALPHA : BETA);
    const note = (line: string): void => void process.stderr.write(`[liveness ${engine}] ${line}\n`);

    beforeAll(async () => {
      await fed.up();
    });
    afterAll(async () => {
      if (failed()) fed.dumpLogs(400);
      await fed.down();
    });

    step('every node beats on the database server clock', async () => {
      expect(fed.inspector.engine).toBe(engine);
      const { serverNowMs, beats } = await fed.inspector.readHeartbeats();
      const keys = fed.keypairs.map((k) => k.publicKey);
      expect(beats.map((b) => b.key).sort()).toEqual([...keys].sort());
      for (const b of beats) expect(serverNowMs - b.atMs).toBeLessThan(2 * BEAT_MS + 1_000);
    });

    step('every node sees the three members alive', async () => {
      for (const i of [ALPHA, BETA, GAMMA])
        await waitFor(
          `node ${i} sees 3 alive`,
          async () => (await fed.node(i).health()).liveness.alive.length === 3,
        );
    });

    step(
      `gamma dies: commits through alpha and beta are VALID within ${TARGET_MS / 1000} s; its rows move after dead_after`,
      async () => {
        // A crash: gamma's database connection goes at once (no more heartbeats, no farewell);
        // its stop finishes in the background while its queries give up.
        await fed.node(GAMMA).store.close();
        const diedAt = performance.now();
        const stopped = fed.stop(GAMMA);
        const orphans = Array.from({ length: 3 }, (_, i) => createTx(keypair(), { orphan: i }));
        for (const tx of orphans) await fed.inspector.writeBacklog(tx, gamma());
        const posts = Array.from({ length: POSTS }, (_, i) => createTx(keypair(), { posted: i }));

        const [commitMs, validMs, movedMs, earlyMoves] = await Promise.all([
          Promise.all(posts.map((tx, i) => timed(() => fed.node(via(i)).submit(tx, 'commit')))),
          Promise.all(posts.map((tx) => timeUntilValid(fed, tx, diedAt))),
          Promise.all(orphans.map((tx) => timeUntilMovedFrom(fed, tx, gamma(), diedAt))),
          assigneesAfter(fed, orphans, DEAD_AFTER_MS - 2 * BEAT_MS),
        ]);
        note(`commit times with gamma down (ms): ${commitMs.map(Math.round).join(', ')}`);
        note(`VALID in the tables after (ms): ${validMs.map(Math.round).join(', ')}`);
        note(`gamma's rows moved after (ms): ${movedMs.map(Math.round).join(', ')}`);
        // Alive (heartbeat younger than dead_after) and within the delay: its work stays.
        expect(earlyMoves).toEqual(orphans.map(() => gamma()));
        for (const ms of [...commitMs, ...validMs]) expect(ms).toBeLessThan(TARGET_MS);
        for (const ms of movedMs) expect(ms).toBeLessThan(DEAD_AFTER_MS + 2 * BEAT_MS + 1_000);
        for (const tx of [...posts, ...orphans])
          await waitFor(
            `${tx.id} VALID`,
            async () => (await fed.inspector.getTransactionStatus(tx.id)) === 'valid',
          );
        await stopped;
      },
    );

    step('alpha and beta report gamma dead, and give it no new work', async () => {
      for (const i of [ALPHA, BETA]) {
        const { liveness } = await fed.node(i).health();
        expect(liveness).toMatchObject({ known: true, dead: [gamma()] });
      }
      const txs = Array.from({ length: 30 }, (_, i) => createTx(keypair(), { while_dead: i }));
      const assignees = await Promise.all(txs.map((tx, i) => submitAndReadAssignee(fed, via(i), tx)));
      expect(assignees).not.toContain(gamma());
      await waitAllValid(fed, txs);
    });

    step('gamma restarts: it is seen alive, takes work again and catches up on votes', async () => {
      await fed.start(GAMMA);
      for (const i of [ALPHA, BETA])
        await waitFor(`node ${i} sees gamma alive`, async () =>
          (await fed.node(i).health()).liveness.alive.includes(gamma()),
        );
      const txs = Array.from({ length: 30 }, (_, i) => createTx(keypair(), { back: i }));
      const assignees = await Promise.all(txs.map((tx, i) => submitAndReadAssignee(fed, via(i), tx)));
      expect(assignees).toContain(gamma());
      await waitAllValid(fed, txs);
      const creators = await Promise.all(txs.map((tx) => blockCreatorOf(fed, tx)));
      expect(creators).toContain(gamma());
      await waitFor(
        'gamma voted on every block',
        async () => (await fed.inspector.getBlocksNotVotedBy(gamma(), 100)).length === 0,
        30_000,
      );
    });

    step('a clean stop is seen at once (the node removes its heartbeat)', async () => {
      const stoppedAt = performance.now();
      await fed.stop(BETA);
      await waitFor('alpha sees beta dead', async () =>
        (await fed.node(ALPHA).health()).liveness.dead.includes(fed.kp(BETA).publicKey),
      );
      const seenMs = performance.now() - stoppedAt;
      note(`clean stop seen after ${Math.round(seenMs)} ms`);
      expect(seenMs).toBeLessThan(DEAD_AFTER_MS);
      await fed.start(BETA);
    });
  });
}

async function timed(op: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await op();
  return performance.now() - started;
}

/** Time from `sinceMs` until the tables say VALID (polled through an inspector, not the node). */
async function timeUntilValid(fed: TestFederation, tx: Transaction, sinceMs: number): Promise<number> {
  await waitFor(
    `${tx.id} VALID`,
    async () => (await fed.inspector.getTransactionStatus(tx.id)) === 'valid',
    30_000,
  );
  return performance.now() - sinceMs;
}

async function timeUntilMovedFrom(fed: TestFederation, tx: Transaction, from: string, sinceMs: number) {
  await waitFor(
    `${tx.id} moved from the dead member`,
    async () => {
      const row = await fed.inspector.getBacklogRow(tx.id);
      return row === null || row.assignee !== from;
    },
    30_000,
  );
  return performance.now() - sinceMs;
}

/** Who the rows are assigned to `afterMs` from now. */
async function assigneesAfter(
  fed: TestFederation,
  txs: Transaction[],
  afterMs: number,
): Promise<(string | null)[]> {
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  return Promise.all(txs.map(async (tx) => (await fed.inspector.getBacklogRow(tx.id))?.assignee ?? null));
}

/** Post async through node `i`, then read the backlog row's assignee (or the block's creator). */
async function submitAndReadAssignee(
  fed: TestFederation,
  i: number,
  tx: Transaction,
): Promise<string | null> {
  await fed.node(i).submit(tx, 'async');
  return (await fed.inspector.getBacklogRow(tx.id))?.assignee ?? blockCreatorOf(fed, tx);
}

async function blockCreatorOf(fed: TestFederation, tx: Transaction): Promise<string | null> {
  for (const id of await fed.inspector.getBlockIdsContaining(tx.id)) {
    const block = await fed.inspector.getBlock(id);
    if (block && (await fed.inspector.getBlockStatus(id)) === 'valid') return block.block.node_pubkey;
  }
  return null;
}

async function waitAllValid(fed: TestFederation, txs: Transaction[]): Promise<void> {
  await waitFor(
    'all VALID',
    async () => {
      const statuses = await Promise.all(txs.map((tx) => fed.inspector.getTransactionStatus(tx.id)));
      return statuses.every((s) => s === 'valid');
    },
    30_000,
  );
}
