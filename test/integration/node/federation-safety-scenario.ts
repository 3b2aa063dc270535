/**
 * Three in-process nodes on one database (reqlite or RethinkDB 2.4):
 * - malformed blocks in `bigchain` are voted invalid one by one; the election re-queue skips
 *   their garbage with a log line and re-queues the real transactions beside it;
 * - a commit-mode POST whose TRANSFER is assigned to a member that just died (stopped, not yet
 *   known dead) is VALID within the commit timeout, well under 10 s.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { makeBlock, type Block, type Transaction } from '../../../src/node/core/index.js';
import { assigneeFor } from '../../../src/node/pipeline/members.js';
import { namedSteps } from '../../support/named-steps.js';
import { TestFederation, type DatabaseServer } from './federation-harness.js';
import { rawInsert } from './ledger-safety-scenario.js';
import { createTx, keypair, transferTx, waitFor } from './tx-helpers.js';

const [ALPHA, GAMMA] = [0, 2];
const TARGET_MS = 10_000;

export function describeFederationSafety(
  engine: 'reqlite' | 'rethinkdb',
  server?: () => Promise<DatabaseServer>,
): void {
  describe(`federation safety (${engine})`, () => {
    const { step, failed } = namedSteps();
    // Production timings for liveness and the reassign delay: only liveness can move work in time.
    const fed = new TestFederation({ server, reassignDelaySec: 120, flushMs: 100 });
    const keys = (): string[] => fed.keypairs.map((k) => k.publicKey).sort();
    const valid = async (tx: Transaction): Promise<boolean> =>
      (await fed.inspector.getTransactionStatus(tx.id)) === 'valid';

    beforeAll(async () => {
      await fed.up();
    }, 120_000);
    afterAll(async () => {
      if (failed()) fed.dumpLogs(300);
      await fed.down();
    });

    step(
      'malformed blocks are voted invalid one by one; the re-queue skips their garbage and keeps the rest',
      async () => {
        const [good, beside] = [createTx(keypair(), { kept: 1 }), createTx(keypair(), { kept: 2 })];
        const outsider = keypair();
        const mixed = makeBlock(
          [good, 1, 'x'] as unknown as Block['block']['transactions'],
          outsider,
          keys(),
          1,
        );
        const rogue = makeBlock([beside], outsider, keys(), 2);
        const { host, port } = fed.config(0).database;
        await rawInsert({ host, port }, 'bigchain', 'bigchain', [
          { ...mixed, unsettled: true },
          { id: 'no-body', unsettled: true },
          {
            id: 'bad-voters',
            block: { timestamp: '3', transactions: [{ id: null }], voters: 'x' },
            unsettled: true,
          },
          { ...rogue, unsettled: true },
        ]);
        for (const id of [mixed.id, 'no-body', 'bad-voters', rogue.id])
          await waitFor(`three invalid votes on ${id}`, async () => {
            const votes = await fed.inspector.getVotes(id);
            return votes.length === 3 && votes.every((v) => !v.vote.is_block_valid);
          });
        for (const tx of [good, beside]) await waitFor(`${tx.id} VALID`, () => valid(tx));
        await waitFor(
          'every malformed block settled',
          async () => (await fed.inspector.getUnsettledDecidedBlocks(100)).length === 0,
        );
        const skipped = fed.logs.filter((l) => l.includes('"requeue_entry_skipped"') && l.includes(mixed.id));
        expect(skipped).toHaveLength(2); // the 1 and the "x"
        // The pipeline goes on: a new transaction commits.
        await fed.node(ALPHA).submit(createTx(keypair(), { after: 'garbage' }), 'commit');
      },
    );

    step(
      'two conflicting spends posted through two members at once: one VALID, the other dropped, no INVALID block',
      async () => {
        const owner = keypair();
        const create = createTx(owner, { contested: 1 });
        await fed.node(ALPHA).submit(create, 'commit');
        const spends = [
          transferTx(create, owner, keypair().publicKey),
          transferTx(create, owner, keypair().publicKey),
        ];
        const posted = await Promise.allSettled(spends.map((tx, i) => fed.node(i).submit(tx, 'async')));
        expect(posted.map((p) => p.status)).toEqual(['fulfilled', 'fulfilled']);
        await waitFor('one spend VALID, the other gone from the backlog', async () => {
          const statuses = await Promise.all(spends.map((tx) => fed.inspector.getTransactionStatus(tx.id)));
          return (
            statuses.includes('valid') &&
            statuses.filter((s) => s === 'backlog' || s === 'undecided').length === 0
          );
        });
        const statuses = await Promise.all(spends.map((tx) => fed.inspector.getTransactionStatus(tx.id)));
        expect(statuses.filter((s) => s === 'valid')).toHaveLength(1);
        for (const tx of spends)
          for (const id of await fed.inspector.getBlockIdsContaining(tx.id))
            expect(await fed.inspector.getBlockStatus(id)).toBe('valid');
      },
    );

    step(`a TRANSFER assigned to a member that just died is VALID within ${TARGET_MS / 1000} s`, async () => {
      const gamma = fed.kp(GAMMA).publicKey;
      const owner = keypair();
      // A CREATE whose output 0 is assigned to gamma when spent (while all three are alive).
      let create: Transaction;
      let spend: Transaction;
      do {
        create = createTx(owner, { to_gamma: Math.random() });
        spend = transferTx(create, owner, keypair().publicKey);
      } while (assigneeFor(spend, keys()) !== gamma);
      await fed.node(ALPHA).submit(create, 'commit');

      // A crash: gamma's connection goes at once (no farewell); its stop ends in the background.
      await fed.node(GAMMA).store.close();
      const stopped = fed.stop(GAMMA);
      const started = performance.now();
      const committed = fed.node(ALPHA).submit(spend, 'commit');
      const row = await waitFor('the backlog row', () => fed.inspector.getBacklogRow(spend.id));
      expect(row.assignee).toBe(gamma); // not yet known dead: it got the work
      await committed;
      const commitMs = performance.now() - started;
      process.stderr.write(
        `[federation safety ${engine}] commit with the assignee dead: ${Math.round(commitMs)} ms\n`,
      );
      expect(commitMs).toBeLessThan(Math.min(TARGET_MS, fed.config(ALPHA).server.commit_timeout_ms));
      expect(await valid(spend)).toBe(true);
      await stopped;
    });
  });
}
