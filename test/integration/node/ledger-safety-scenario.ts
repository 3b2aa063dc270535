/**
 * Ledger safety rules that live in the store, on a real database (reqlite and RethinkDB 2.4):
 * - a voter votes a block invalid when one of its transactions is in ANOTHER valid or
 *   undecided block (so two blocks sharing a transaction can never both be VALID);
 * - the spent-output lookup records and finds every spender, past 10 000 slots too;
 * - a transaction whose only block is INVALID reads `undecided` until it was re-queued, and
 *   `invalid` only once rejected for good;
 * - malformed rows in `bigchain` neither stall the stages' reads nor fail other keys of a batch.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { r } from 'rethinkdb-ts';
import {
  judgeBlock,
  singleEpoch,
  makeBlock,
  makeGenesisBlock,
  makePolicy,
  makeVote,
  type Block,
  type Keypair,
} from '../../../src/node/core/index.js';
import { connectLedgerStore, type RethinkLedgerStore } from '../../../src/node/store/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import type { DatabaseServer } from './federation-harness.js';
import { createTx, keypair, transferTx } from './tx-helpers.js';

const DB = 'safety';

/** Insert documents as they are (no validation), as a buggy or hostile writer could. */
export async function rawInsert(
  where: { host: string; port: number },
  db: string,
  table: string,
  docs: object[],
): Promise<void> {
  const conn = await r.connect({ host: where.host, port: where.port, silent: true });
  try {
    for (let i = 0; i < docs.length; i += 2_000)
      await r
        .db(db)
        .table(table)
        .insert(docs.slice(i, i + 2_000))
        .run(conn);
  } finally {
    await conn.close();
  }
}

export function describeLedgerSafety(
  engine: 'reqlite' | 'rethinkdb',
  start: () => Promise<DatabaseServer>,
): void {
  describe(`ledger safety in the store (${engine})`, () => {
    let server: DatabaseServer;
    let store: RethinkLedgerStore;
    const members: Keypair[] = [keypair(), keypair(), keypair()];
    const keys = members.map((m) => m.publicKey).sort();
    const [m0, m1, m2] = members as [Keypair, Keypair, Keypair];
    let genesisId: string;

    beforeAll(async () => {
      server = await start();
      store = await connectLedgerStore(
        { host: server.host, port: server.port, db: DB, members: keys },
        silentLogger,
      );
      const genesis = makeGenesisBlock(m0);
      await store.init({ genesis });
      genesisId = genesis.id;
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await server?.stop();
    });

    const vote = async (block: Block, valid: boolean, ...by: Keypair[]): Promise<void> => {
      for (const m of by) await store.writeVote(makeVote(block.id, genesisId, valid, valid ? null : 'no', m));
    };

    test('a block holding a transaction that another UNDECIDED block holds is judged invalid', async () => {
      const tx = createTx(keypair(), { shared: 1 });
      const taken = makeBlock([tx], m1, keys, 2_000); // by the node that took the work over
      const late = makeBlock([tx], m0, keys, 1_000); // by the stalled node
      await store.writeBlock(taken);
      await store.writeBlock(late);
      await vote(taken, true, m2);
      expect(await store.getBlockStatus(taken.id)).toBe('undecided');
      const verdict = await judgeBlock(late, store.facts, makePolicy(), singleEpoch(keys));
      expect(verdict).toMatchObject({ valid: false, reason: expect.stringMatching(/^TX_DUPLICATE: /) });
      // Once the other one is INVALID, this one may be valid.
      await vote(taken, false, m0, m1);
      expect(await store.getBlockStatus(taken.id)).toBe('invalid');
      expect(await judgeBlock(late, store.facts, makePolicy(), singleEpoch(keys))).toEqual({ valid: true });
    });

    test('an output with more than 10 000 spender slots: the new spender is recorded and found', async () => {
      const owner = keypair();
      const create = createTx(owner, { crowded: 1 });
      const spend = transferTx(create, owner, keypair().publicKey);
      const key = `${create.id}:0`;
      // Slots of blocks that were never written (a crash between lookup and block write).
      const ghosts = Array.from({ length: 10_001 }, (_, i) => ({
        id: `${key}#${i}`,
        block_id: `ghost-${i}`,
      }));
      await rawInsert(server, DB, 'spent_by', ghosts);
      await store.writeBlock(makeBlock([spend], m0, keys, 3_000));
      expect(await store.facts.getSpenderIds(create.id, 0)).toEqual([spend.id]);
    }, 300_000);

    test('a transaction whose only block is INVALID is undecided until re-queued, invalid once rejected for good', async () => {
      const tx = createTx(keypair(), { rejected: 1 });
      const block = makeBlock([tx], m0, keys, 4_000);
      await store.writeBlock(block);
      await vote(block, false, m1, m2);
      expect(await store.getBlockStatus(block.id)).toBe('invalid');
      expect(await store.getTransactionStatus(tx.id)).toBe('undecided'); // it will come back
      await store.writeBacklog(tx, m1.publicKey);
      expect(await store.getTransactionStatus(tx.id)).toBe('backlog');
      await store.markRequeued(block.id);
      expect(await store.getTransactionStatus(tx.id)).toBe('backlog');
      await store.deleteBacklog([tx.id]); // the block stage found it invalid
      expect(await store.getTransactionStatus(tx.id)).toBe('invalid');
    });

    test('malformed rows in bigchain: the catch-up reads go on, a garbage key fails alone', async () => {
      const good = createTx(keypair(), { beside: 'garbage' });
      const outsider = keypair();
      const mixed = makeBlock(
        [good, 1, 'x'] as unknown as Block['block']['transactions'],
        outsider,
        keys,
        5_000,
      );
      await rawInsert(server, DB, 'bigchain', [
        { ...mixed, unsettled: true },
        { id: 'no-body', unsettled: true },
        {
          id: 'bad-voters',
          block: { timestamp: '6000', transactions: [1, 'x'], voters: 'nobody' },
          unsettled: true,
        },
      ]);
      const unvoted = (await store.getBlocksNotVotedBy(m2.publicKey, 100)).map((b) => b.id);
      expect(unvoted).toEqual(expect.arrayContaining([mixed.id, 'no-body', 'bad-voters']));
      for (const id of [mixed.id, 'no-body', 'bad-voters']) {
        const block = (await store.getBlock(id))!;
        expect(await judgeBlock(block, store.facts, makePolicy(), singleEpoch(keys))).toMatchObject({
          valid: false,
        });
      }
      await store.writeBacklog(good, m0.publicKey);
      const [garbage, row] = await Promise.allSettled([
        store.getBacklogRow(null as unknown as string),
        store.getBacklogRow(good.id),
      ]);
      expect(garbage).toMatchObject({ status: 'rejected', reason: { code: 'STORE_DATA' } });
      expect(row).toMatchObject({ status: 'fulfilled', value: { tx: { id: good.id } } });
      const decided = await store.getUnsettledDecidedBlocks(100);
      expect(decided.map((d) => [d.block.id, d.status])).toEqual(
        expect.arrayContaining([
          ['no-body', 'invalid'],
          ['bad-voters', 'invalid'],
        ]),
      );
    });
  });
}
