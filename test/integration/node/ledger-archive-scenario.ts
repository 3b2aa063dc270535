/**
 * export -> import with the real `bigchaindb` commands (in-process, real store), on a database
 * server given by the caller (reqlite or RethinkDB): a federation with CREATE and TRANSFER
 * VALID and one transaction waiting in the backlog is exported; a fresh federation with the same
 * members imports it; the old transactions are VALID there, an old output can be spent, an output
 * spent before the backup cannot be spent again; other members and a non-empty ledger are refused.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLedgerArchive, type LedgerArchive } from '../../../src/protocol/ledger-archive.js';
import type { Transaction } from '../../../src/node/core/index.js';
import type { NodeConfig } from '../../../src/node/config/index.js';
import { InProcessCli } from './cli-in-process.js';
import { TestFederation, type DatabaseServer } from './federation-harness.js';
import { createTx, keypair, transferTx, waitFor } from './tx-helpers.js';

export function describeLedgerArchive(engine: string, server: () => Promise<DatabaseServer>): void {
  describe(`bigchaindb export / import on ${engine}`, () => {
    const source = new TestFederation({ server, reassignDelaySec: 300 });
    const target = new TestFederation({ server, reassignDelaySec: 300 });
    target.keypairs.splice(0, target.keypairs.length, ...source.keypairs);
    const cli = new InProcessCli(() => ({}));
    const alice = keypair();
    const bob = keypair();
    let created: Transaction;
    let transferred: Transaction;
    let pending: Transaction;
    let archiveText = '';

    const useConfig = (config: NodeConfig) =>
      writeFile(join(cli.dir, '.bigchaindb'), JSON.stringify(config), { mode: 0o600 });

    beforeAll(async () => {
      await cli.setup();
      await source.up();
    });
    afterAll(async () => {
      await source.down();
      await target.down();
      await cli.teardown();
    });
    afterEach(() => {
      const state = expect.getState();
      if (state.assertionCalls !== state.numPassingAsserts) {
        process.stderr.write(cli.transcript.join('\n').slice(-4000) + '\n');
        source.dumpLogs(60);
        target.dumpLogs(60);
      }
    });

    test('export: VALID CREATE and TRANSFER in blocks, a pending transaction in the backlog', async () => {
      created = createTx(alice, { what: 'archived asset' }, { n: 1 });
      await source.node(0).submit(created, 'commit');
      transferred = transferTx(created, alice, bob.publicKey, { step: 'to bob' });
      await source.node(1).submit(transferred, 'commit');
      // Nodes stopped, then a row only the backlog holds (as if posted just before the backup).
      for (const i of [0, 1, 2]) await source.stop(i);
      pending = createTx(keypair(), { what: 'pending at backup' });
      await source.inspector.writeBacklog(pending, source.kp(2).publicKey);

      await useConfig(source.config(0));
      const run = await cli.run(['export']);
      expect(run.code).toBe(0);
      archiveText = run.out.join('\n');
      const archive: LedgerArchive = parseLedgerArchive(archiveText, 'export');
      expect(archive.members).toEqual(source.keypairs.map((k) => k.publicKey).sort());
      const txIds = archive.blocks.flatMap((b) => b.block.transactions.map((t) => t.id));
      expect(txIds).toEqual(expect.arrayContaining([created.id, transferred.id]));
      expect(archive.backlog.map((r) => r.tx.id)).toEqual([pending.id]);
      expect(archive.votes.length).toBeGreaterThanOrEqual(4);
      expect(archive.counts?.blocks).toBe(archive.blocks.length);
      expect(run.err.join('\n')).toMatch(/exported \d+ blocks/);

      const withAll = await cli.run(['export', '--all-tables', '--out', join(cli.dir, 'all.json')]);
      expect(withAll.code).toBe(0);
    });

    test('import into a fresh federation with the same members: old txs VALID, rows rebuilt', async () => {
      await target.up();
      await useConfig(target.config(0));
      await writeFile(join(cli.dir, 'archive.json'), archiveText);
      const run = await cli.run(['import', join(cli.dir, 'archive.json')]);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.out.join('\n')) as {
        written: { blocks: number; backlog: number };
        rebuilt: Record<string, number>;
        skipped: { genesisBlocks: number };
      };
      expect(summary.skipped.genesisBlocks).toBe(1);
      expect(summary.written.backlog).toBe(1);
      expect(summary.rebuilt).toMatchObject({ assets: 1, spent_by: 1 });
      for (const tx of [created, transferred])
        expect(await target.inspector.getTransactionStatus(tx.id)).toBe('valid');
      await waitFor(
        'the pending transaction is VALID',
        async () => (await target.inspector.getTransactionStatus(pending.id)) === 'valid',
        30_000,
      );
      expect(await target.inspector.getOutputs(bob.publicKey, false)).toEqual([
        { transaction_id: transferred.id, output_index: 0 },
      ]);
    });

    test('a re-run adds nothing; new transactions work; a spent output stays spent', async () => {
      const again = await cli.run(['import', join(cli.dir, 'archive.json')]);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out.join('\n'))).toMatchObject({ inserted: { votes: 0 } });

      const onward = transferTx(transferred, bob, keypair().publicKey, { step: 'after restore' });
      await target.node(2).submit(onward, 'commit');
      expect(await target.inspector.getTransactionStatus(onward.id)).toBe('valid');
      const doubleSpend = transferTx(created, alice, keypair().publicKey, { step: 'again' });
      await expect(target.node(0).submit(doubleSpend, 'sync')).rejects.toMatchObject({
        code: expect.stringMatching(/SPENT|DOUBLE/),
      });
    });

    test('refused: other members, and a ledger that holds more than the archive', async () => {
      await useConfig({ ...target.config(0), keyring: [keypair().publicKey] });
      const members = await cli.run(['import', join(cli.dir, 'archive.json')]);
      expect(members.code).toBe(1);
      expect(members.err.join('\n')).toMatch(/other members.*missing here: .*not in the archive: /);

      await useConfig(target.config(0));
      const notEmpty = await cli.run(['import', join(cli.dir, 'archive.json')]);
      expect(notEmpty.code).toBe(1);
      expect(notEmpty.err.join('\n')).toMatch(/already holds a ledger \(1 block.*fedlab down --volumes/);
    });
  });
}
