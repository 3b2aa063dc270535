/** Three nodes on one database: ingest, blocks, votes, double spends, clean stop. */
import { TransactionInvalidError } from '../../../src/node/core/index.js';
import { startNode } from '../../../src/node/runtime/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import { TestFederation } from './federation-harness.js';
import { createTx, keypair, transferTx, waitFor } from './tx-helpers.js';

describe('three-node pipeline on reqlite', () => {
  const fed = new TestFederation();
  beforeAll(async () => {
    await fed.up();
  });
  afterAll(async () => {
    await fed.down();
  });

  test('a CREATE posted to one node and a TRANSFER posted to another both become VALID', async () => {
    const alice = keypair();
    const bob = keypair();
    const create = createTx(alice, { what: 'pipeline create' });
    expect((await fed.node(0).submit(create, 'commit')).status).toBe('valid');
    const transfer = transferTx(create, alice, bob.publicKey);
    expect((await fed.node(1).submit(transfer, 'commit')).status).toBe('valid');
    for (const i of [0, 1, 2]) {
      expect(await fed.node(i).store.getTransactionStatus(create.id)).toBe('valid');
      expect(await fed.node(i).store.getTransactionStatus(transfer.id)).toBe('valid');
    }
    expect(await fed.inspector.getOutputs(bob.publicKey, false)).toEqual([
      { transaction_id: transfer.id, output_index: 0 },
    ]);
  });

  test('an invalid transaction is rejected with a reason and nothing is written', async () => {
    const tx = createTx(keypair(), { what: 'tampered' });
    const tampered = { ...tx, metadata: { sneaky: true } };
    const before = await fed.inspector.counts();
    await expect(fed.node(2).submit(tampered, 'async')).rejects.toBeInstanceOf(TransactionInvalidError);
    expect((await fed.inspector.counts()).backlog).toBe(before.backlog);
    expect(await fed.inspector.getTransaction(tx.id)).toBeNull();
  });

  test('the whole policy of the config is enforced, maxTransactionBytes included', async () => {
    await fed.stop(2);
    const config = fed.config(2);
    const strict = await startNode(
      { ...config, policy: { ...config.policy, maxTransactionBytes: 1000 } },
      { logger: silentLogger },
    );
    try {
      const big = createTx(keypair(), { what: 'x'.repeat(2000) });
      await expect(strict.submit(big, 'async')).rejects.toMatchObject({ code: 'TX_TOO_LARGE' });
      const small = createTx(keypair(), { what: 'small' });
      await expect(strict.submit(small, 'async')).resolves.toBeDefined();
    } finally {
      await strict.stop();
      await fed.start(2);
    }
  });

  test('a double spend of a committed output is rejected at ingest', async () => {
    const alice = keypair();
    const create = createTx(alice, { what: 'double spend 1' });
    await fed.node(0).submit(create, 'commit');
    await fed.node(1).submit(transferTx(create, alice, keypair().publicKey), 'commit');
    const second = transferTx(create, alice, keypair().publicKey);
    await expect(fed.node(2).submit(second, 'sync')).rejects.toMatchObject({ code: 'TX_DOUBLE_SPEND' });
  });

  test('two concurrent spends of one output: exactly one becomes VALID', async () => {
    const alice = keypair();
    const create = createTx(alice, { what: 'double spend 2' });
    await fed.node(0).submit(create, 'commit');
    const a = transferTx(create, alice, keypair().publicKey);
    const b = transferTx(create, alice, keypair().publicKey);
    await Promise.all([fed.node(0).submit(a, 'async'), fed.node(1).submit(b, 'async')]);
    const settled = async (): Promise<string[] | null> => {
      const statuses = await Promise.all([a.id, b.id].map((id) => fed.inspector.getTransactionStatus(id)));
      if (statuses.some((s) => s === 'backlog' || s === 'undecided')) return null;
      return statuses.map((s) => String(s));
    };
    const statuses = await waitFor('both spends settled', settled, 60_000);
    expect(statuses.filter((s) => s === 'valid')).toHaveLength(1);
    expect(await fed.inspector.facts.getSpenderIds(create.id, 0)).toHaveLength(1);
  });

  test('stop() is clean and idempotent; a restarted node works again', async () => {
    const node = fed.node(2);
    await fed.stop(2);
    const health = await node.health();
    expect(health.stopping).toBe(true);
    expect(health.ok).toBe(false);
    expect(health.stages.every((s) => !s.running)).toBe(true);
    await expect(node.submit(createTx(keypair(), { what: 'late' }), 'async')).rejects.toMatchObject({
      code: 'NODE_STOPPED',
    });
    await node.stop();
    const again = await fed.start(2);
    await waitFor('healthy restarted node', async () => (await again.health()).ok, 10_000);
  });
});
