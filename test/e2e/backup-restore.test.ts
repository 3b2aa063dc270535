// Backup and restore on the real RethinkDB cluster: three operators, a CREATE and a TRANSFER
// VALID; `backup` to a file; `down --volumes`; `up` again with the same state directory (same
// keys, fresh data); `restore`: the old transactions are VALID on every node, an old output can be
// spent, an output spent before the backup cannot; a second restore and an archive of other
// members are refused before anything is written.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCreate, buildTransfer, waitValidEverywhere } from '../../src/lab/index.js';
import { backupFederation, restoreFederation } from '../../src/lab/ledger/ledger-io.js';
import { parseLedgerArchive, sealLedgerArchive } from '../../src/protocol/ledger-archive.js';
import { generateKeypair } from '../../src/shared/crypto/ed25519.js';
import { namedSteps } from '../support/named-steps.js';
import { OPERATORS, rethinkdbFederation } from '../support/rethinkdb-federation.js';

const fed = rethinkdbFederation('backup');

describe(`backup and restore (${fed.name})`, () => {
  const { step, failed } = namedSteps();
  const alice = generateKeypair();
  const bob = generateKeypair();
  const create = buildCreate(alice, { backup: fed.name }, { step: 'create' });
  const transfer = buildTransfer(create, 0, alice.privateKey, bob.publicKey, { step: 'to bob' });
  const file = () => join(fed.stateDir(), 'ledger-backup.json.gz');
  const nodes = () => OPERATORS.map((op) => ({ name: op, api: fed.api(op) }));
  const ctx = () => fed.lab().context;

  beforeAll(() => fed.setup());
  afterAll(() => fed.teardown(failed()));

  step('three operators on RethinkDB; a CREATE and a TRANSFER VALID', async () => {
    expect((await fed.up()).engine).toBe('rethinkdb');
    await fed.api('alpha').postTransaction(create, 'commit');
    await fed.api('beta').postTransaction(transfer, 'commit');
    await waitValidEverywhere(nodes(), transfer.id, ctx());
  });

  step('backup writes a 0600 gzip file and says what it holds', async () => {
    const started = performance.now();
    const summary = await backupFederation(ctx(), fed.name, file());
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`[e2e] backup: ${JSON.stringify(summary)} in ${ms} ms\n`);
    expect(summary.members).toHaveLength(3);
    expect(summary.transactions).toBeGreaterThanOrEqual(3); // the up probe, create, transfer
    expect(summary.compressed).toBe(true);
  });

  step('down --volumes, then up again with the same keys and no data', async () => {
    await fed.lab().down(fed.name, { volumes: true });
    await fed.up();
    expect(await fed.api('alpha').transactionStatus(create.id)).toBeUndefined();
  });

  step('an archive of other members is refused (RESTORE_MEMBERS_MISMATCH)', async () => {
    const { gunzipSync } = await import('node:zlib');
    const archive = parseLedgerArchive(gunzipSync(await readFile(file())).toString('utf8'), 'backup');
    const other = join(fed.stateDir(), 'other-members.json');
    const members = [...archive.members.slice(1), generateKeypair().publicKey].sort();
    await writeFile(other, JSON.stringify(sealLedgerArchive({ ...archive, members })));
    await expect(restoreFederation(ctx(), fed.name, other)).rejects.toMatchObject({
      code: 'RESTORE_MEMBERS_MISMATCH',
    });
  });

  step('restore: the old transactions are VALID on every node', async () => {
    const started = performance.now();
    const summary = await restoreFederation(ctx(), fed.name, file());
    process.stderr.write(
      `[e2e] restore: ${JSON.stringify(summary)} in ${Math.round(performance.now() - started)} ms\n`,
    );
    expect(summary.rebuilt.assets).toBeGreaterThanOrEqual(2);
    for (const { api } of nodes()) {
      expect(await api.transactionStatus(create.id)).toBe('valid');
      expect(await api.transactionStatus(transfer.id)).toBe('valid');
    }
  });

  step('an old output can be spent; one spent before the backup cannot', async () => {
    const onward = buildTransfer(transfer, 0, bob.privateKey, generateKeypair().publicKey, {
      step: 'after restore',
    });
    await fed.api('gamma').postTransaction(onward, 'commit');
    await waitValidEverywhere(nodes(), onward.id, ctx());
    const again = buildTransfer(create, 0, alice.privateKey, generateKeypair().publicKey, { step: 'double' });
    await expect(fed.api('alpha').postTransaction(again, 'sync')).rejects.toThrow(/spent|DOUBLE/i);
  });

  step('a second restore is refused: the federation holds a ledger (RESTORE_TARGET_NOT_EMPTY)', async () => {
    await expect(restoreFederation(ctx(), fed.name, file())).rejects.toMatchObject({
      code: 'RESTORE_TARGET_NOT_EMPTY',
    });
  });
});
