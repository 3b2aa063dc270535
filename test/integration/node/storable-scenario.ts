/**
 * What can be stored (issue 16), against a real server: a transaction just inside each limit of
 * core/storable.ts is accepted, goes through the real backlog and block writes into a VALID
 * block and reads back unchanged, and survives the deepest write (an archive's batch of
 * blocks); just outside, the database really refuses (or changes) it, and POST answers 400
 * naming the limit and the path. And a signed row an outside writer put in the backlog, which
 * no block can hold, is rejected alone: the honest rows behind it still become VALID.
 */
import { r } from 'rethinkdb-ts';
import { hashPayloads } from '../../../src/protocol/transaction-hash.js';
import {
  buildCreate,
  STORABLE_LIMITS,
  type Keypair,
  type Transaction,
} from '../../../src/node/core/index.js';
import { apiOptionsForNode, createApi } from '../../../src/node/http/index.js';
import { startNode, type RunningNode } from '../../../src/node/runtime/index.js';
import type { StoreEngine } from '../../../src/node/store/index.js';
import { createLogger, silentLogger } from '../../../src/shared/log.js';
import { namedSteps } from '../../support/named-steps.js';
import { TestFederation } from './federation-harness.js';
import { raw, type DbServer } from './schema-scenario.js';
import { keypair, waitFor } from './tx-helpers.js';

/** A value of exactly `levels` levels (the innermost leaf counts one): {a: {a: ... 1}}. */
function nested(levels: number): Record<string, unknown> | number {
  let v: Record<string, unknown> | number = 1;
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}

/** A signed CREATE of exactly `levels` levels: tx (1) -> metadata (2) -> deep (3) -> ... */
function deepCreate(owner: Keypair, levels: number): Transaction {
  return buildCreate(owner, { deep: levels }, { deep: nested(levels - 2) });
}

/** A signed CREATE of exactly `bytes` bytes of canonical JSON (what ingest measures). */
function createOfSize(owner: Keypair, bytes: number): Transaction {
  const sizeOf = (tx: Transaction): number => Buffer.byteLength(hashPayloads(tx, true).signed, 'utf8');
  const probe = buildCreate(owner, { blob: '' });
  return buildCreate(owner, { blob: 'x'.repeat(bytes - sizeOf(probe)) });
}

const BODY_LIMIT = 1024 * 1024;

export function storableScenario(engine: StoreEngine, start: () => Promise<DbServer>): void {
  const { step, failed } = namedSteps();
  let server: DbServer;
  let node: RunningNode;
  const logs: string[] = [];
  const fed = new TestFederation({ members: 1, server: async () => (server = await start()) });

  async function post(body: string): Promise<{ status: number; body: { status: number; message: string } }> {
    const app = createApi(
      apiOptionsForNode(node, { logger: silentLogger, bodyLimitBytes: BODY_LIMIT, commitTimeoutMs: 20_000 }),
    );
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/transactions?mode=commit',
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      return { status: res.statusCode, body: res.json() };
    } finally {
      await app.close();
    }
  }

  /** Writes `docs` in one insert of a scratch table; returns the error message or null. */
  async function rawInsert(docs: unknown): Promise<string | null> {
    try {
      const result = await raw(
        server,
        r
          .db('storable_probe')
          .table('t')
          .insert(docs as object),
      );
      return result.errors > 0 ? (result.first_error ?? 'error') : null;
    } catch (e) {
      return (e as Error).message.split('\n')[0] ?? 'error';
    }
  }

  beforeAll(async () => {
    await fed.up([]);
    const config = fed.config(0);
    node = await startNode(
      { ...config, policy: { ...config.policy, maxTransactionBytes: 10 * 1024 * 1024 } },
      {
        logger: createLogger({ level: 'info', sink: (line) => logs.push(line) }),
        timings: { voteIntervalMs: 300, electionIntervalMs: 300 },
      },
    );
    await raw(server, r.dbCreate('storable_probe'));
    await raw(server, r.db('storable_probe').tableCreate('t'));
  });
  afterAll(async () => {
    if (failed()) process.stderr.write(logs.slice(-100).join('\n') + '\n');
    await node?.stop();
    await fed.down();
  });

  step(`${engine}: just inside every limit: VALID through the real writes, read back unchanged`, async () => {
    const owner = keypair();
    const txs = [
      deepCreate(owner, STORABLE_LIMITS.maxLevels),
      createOfSize(owner, STORABLE_LIMITS.maxTxBytes),
      buildCreate(owner, { keys: 1 }, { '': 1, $x: 2, 'a.b': 3, $reql_foo$: 4, ['k'.repeat(10_000)]: 5 }),
      buildCreate(owner, { text: 1 }, { nul: 'a\u0000b', emoji: 'a😀b\u2028\uffff' }),
      buildCreate(owner, { numbers: 1 }, { max: Number.MAX_SAFE_INTEGER, min: -Number.MAX_SAFE_INTEGER }),
    ];
    for (const tx of txs) expect((await post(JSON.stringify(tx))).status).toBe(200);
    for (const tx of txs) expect((await node.store.getTransaction(tx.id))?.tx).toEqual(tx);
    // The deepest later write, an archive restore's batch of blocks, still takes the deepest one.
    const deep = txs[0];
    expect(await rawInsert([{ id: 'in', block: { transactions: [deep] } }])).toBeNull();
  });

  step(
    `${engine}: just outside: the database refuses it, and POST answers 400 naming limit and path`,
    async () => {
      const owner = keypair();
      const tooDeep = deepCreate(owner, STORABLE_LIMITS.maxLevels + 1);
      expect(await rawInsert([{ id: 'out', block: { transactions: [tooDeep] } }])).toMatch(/Nesting depth/);
      expect(await rawInsert({ id: 'i', v: Infinity })).toMatch(/Cannot convert `Infinity`/);
      if (engine === 'rethinkdb') {
        // RethinkDB only (reqlite stores these, or fails only on reading back): the rule follows
        // the stricter engine.
        expect(await rawInsert({ id: 'r', v: { $reql_type$: 'X' } })).toMatch(/Unknown \$reql_type\$/);
        expect(await rawInsert({ id: 's', v: 'a\ud800b' })).toMatch(/Client is buggy/);
        expect(await rawInsert({ id: 'n', v: { ['a\u0000b']: 1 } })).toBeNull();
        expect(await raw(server, r.db('storable_probe').table('t').get('n')('v').keys())).toEqual(['a']);
      }
      const cases: { body: string; says: RegExp }[] = [
        {
          body: JSON.stringify(tooDeep),
          says: /\/metadata\/deep(\/a){14} is nested 17 levels deep.*the limit is 16/,
        },
        {
          body: JSON.stringify(createOfSize(owner, STORABLE_LIMITS.maxTxBytes + 1)),
          says: /TX_TOO_LARGE.*65537 bytes.*the limit is 65536/,
        },
        {
          body: JSON.stringify(
            buildCreate(owner, { x: 1 }, { t: { $reql_type$: 'TIME', epoch_time: 1, timezone: 'Z' } }),
          ),
          says: /\/metadata\/t\/\$reql_type\$ has the key \$reql_type\$/,
        },
        { body: JSON.stringify(buildCreate(owner, { x: 1 }, { ['a\u0000b']: 1 })), says: /NUL/ },
        {
          body: JSON.stringify(buildCreate(owner, { x: 1 }, { s: 'a\ud800b' })),
          says: /\/metadata\/s a string holds a lone/,
        },
        {
          body: JSON.stringify(buildCreate(owner, { x: 1 }, { n: 1 })).replace('"n":1', '"n":1e400'),
          says: /is Infinity/,
        },
        {
          body: JSON.stringify(buildCreate(owner, { x: 1 }, { n: 2 ** 53 })),
          says: /\/metadata\/n is 9007199254740992/,
        },
      ];
      for (const c of cases) {
        const res = await post(c.body);
        expect({ status: res.status, bodyStatus: res.body.status }).toEqual({ status: 400, bodyStatus: 400 });
        expect(res.body.message).toMatch(c.says);
      }
      expect((await node.health()).counts?.backlog ?? 0).toBe(0);
    },
  );

  step(
    `${engine}: a signed backlog row no block can hold is rejected alone; the others become VALID`,
    async () => {
      const owner = keypair();
      const me = fed.kp(0).publicKey;
      // 18 levels: a backlog row (19) can be written, a block (21) cannot.
      const poisoned = deepCreate(owner, STORABLE_LIMITS.maxLevels + 2);
      const honest = [1, 2, 3].map((i) => buildCreate(owner, { honest: i }));
      const row = (tx: Transaction, atMs: number) => ({
        id: tx.id,
        tx,
        assignee: me,
        assignment_timestamp: atMs,
      });
      const table = r.db('bigchain').table('backlog');
      await raw(server, table.insert([row(poisoned, 1), ...honest.map((tx, i) => row(tx, 2 + i))]));
      for (const tx of honest)
        await waitFor(
          `${tx.id} VALID`,
          async () => (await node.store.getTransactionStatus(tx.id)) === 'valid',
          10_000,
        );
      await waitFor(
        'the poisoned row gone',
        async () => (await raw(server, table.get(poisoned.id))) === null,
        10_000,
      );
      expect(logs.some((l) => l.includes(poisoned.id) && l.includes('TX_UNSTORABLE'))).toBe(true);
      const block = (await node.health()).stages.find((s) => s.name === 'block');
      expect(block?.rejectedRows).toMatchObject({ count: 1, last: { txId: poisoned.id } });
      expect(block?.rejectedRows?.last?.reason).toContain('nested 17 levels deep');
    },
  );
}
