/**
 * Issue 16 on a real RethinkDB server: `bigchaindb import` of a forged archive is refused, naming
 * the bad row, and nothing is written (no block, vote, backlog row, derived row, and the
 * membership table keeps the database's own epoch 0); the honest archive then imports. Forgeries:
 * a block whose transactions were swapped under its genuine votes (an output handed to a key that
 * never owned it), and an archive whose own epoch 0 names another federation.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTransfer, generateKeypair, makeBlock, makeVote } from '../../../src/node/core/index.js';
import {
  parseLedgerArchive,
  sealLedgerArchive,
  type LedgerArchive,
} from '../../../src/protocol/ledger-archive.js';
import { genesisRecord, membersNamedByKey } from '../../../src/protocol/membership/index.js';
import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { archiveOf, ledgerFixture } from '../../unit/node/store/ledger-archive-fixture.js';
import { InProcessCli } from './cli-in-process.js';
import { TestFederation } from './federation-harness.js';

describe('bigchaindb import refuses a forged archive on rethinkdb, writing nothing', () => {
  const target = new TestFederation({ server: () => startRethinkdb('forged-archive') });
  const cli = new InProcessCli(() => ({}));
  const f = ledgerFixture(target.keypairs);
  const honest = archiveOf(f); // genesis, a block with a CREATE voted VALID, a TRANSFER in the backlog
  const thief = generateKeypair();

  const importFile = async (name: string, archive: LedgerArchive) => {
    await writeFile(join(cli.dir, name), JSON.stringify(archive));
    return cli.run(['import', join(cli.dir, name)]);
  };
  const tables = async () => {
    const run = await cli.run(['export', '--all-tables']);
    expect(run.code).toBe(0);
    return parseLedgerArchive(run.out.join('\n'), 'export');
  };

  beforeAll(async () => {
    await cli.setup();
    await target.up([]); // the server and an inspector; no node runs
    await writeFile(join(cli.dir, '.bigchaindb'), JSON.stringify(target.config(0)), { mode: 0o600 });
    expect((await cli.run(['init'])).code).toBe(0);
  });
  afterAll(async () => {
    await target.down();
    await cli.teardown();
  });
  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts)
      process.stderr.write(cli.transcript.join('\n').slice(-4000) + '\n');
  });

  test('a block whose transactions were swapped under its genuine votes: refused, naming the block', async () => {
    const genuine = honest.blocks[1]!;
    const stolen = buildTransfer(f.create, 0, thief.privateKey, thief.publicKey);
    const swapped = { ...genuine, block: { ...genuine.block, transactions: [f.create, stolen] } };
    const forged = sealLedgerArchive({ ...honest, blocks: [f.genesis, swapped] });
    const run = await importFile('swapped.json', forged);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain(
      `swapped.json is refused: block #1 (id ${genuine.id}) has an id that is not the hash of its body`,
    );
  });

  test('an archive whose own epoch 0 makes another key a member: refused, naming the record', async () => {
    const own = genesisRecord('bigchain', membersNamedByKey([thief.publicKey]), 'majority');
    const block = makeBlock([f.create], thief, [thief.publicKey], 2_000);
    const forged = sealLedgerArchive({
      ...honest,
      membership: [own],
      blocks: [f.genesis, block],
      votes: [makeVote(block.id, f.genesis.id, true, null, thief, 3_000)],
    });
    const run = await importFile('own-root.json', forged);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(
      new RegExp(
        `own-root.json is refused: membership #0 \\(epoch 0, id ${own.id}\\) names members \\[${thief.publicKey}\\], not this federation's epoch 0`,
      ),
    );
  });

  test('nothing was written; the honest archive still imports', async () => {
    const after = await tables();
    expect(after.blocks.map((b) => b.id)).toEqual([after.genesisBlockId]);
    expect(after.votes).toEqual([]);
    expect(after.backlog).toEqual([]);
    expect(after.membership).toEqual([genesisRecord('bigchain', membersNamedByKey(f.keys), 'majority')]);
    for (const table of ['assets', 'metadata', 'tx_blocks', 'spent_by'])
      expect({ table, rows: after.otherTables?.[table] }).toEqual({ table, rows: [] });

    const run = await importFile('honest.json', honest);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out.join('\n'))).toMatchObject({ written: { blocks: 1, votes: 3, backlog: 1 } });
    expect(await target.inspector.getTransactionStatus(f.create.id)).toBe('valid');
  });
});
