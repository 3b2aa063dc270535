/**
 * GET /health of a node started in-process (federation-harness.ts), on a real RethinkDB server
 * or on reqlite: database.servers, database.schemaReady and counts {blocks, votes, backlog} of
 * THIS node, matching rows written to the tables; a missing index makes it 503 naming the index.
 */
import { r, type RDatum } from 'rethinkdb-ts';
import { makeBlock, makeVote } from '../../../src/node/core/index.js';
import { apiOptionsForNode, createApi } from '../../../src/node/http/index.js';
import type { StoreEngine } from '../../../src/node/store/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import { notYet, pollUntil, ready } from '../../../src/shared/poll.js';
import { namedSteps } from '../../support/named-steps.js';
import { TestFederation } from './federation-harness.js';
import { raw, type DbServer } from './schema-scenario.js';
import { createTx, keypair } from './tx-helpers.js';

interface HealthBody {
  healthy: boolean;
  problems: string[];
  database: { servers?: string[]; schemaReady?: boolean; engine: string };
  counts?: { blocks: number; votes: number; backlog: number };
}

export function healthScenario(
  engine: StoreEngine,
  start: () => Promise<DbServer>,
  servers: () => string[],
): void {
  const { step, failed } = namedSteps();
  let server: DbServer;
  // Member 1 never starts. Node 0 packs its backlog only after 10 min, and reassigns after 10 min.
  const fed = new TestFederation({
    members: 2,
    flushMs: 600_000,
    maxTxs: 1000,
    reassignDelaySec: 600,
    server: async () => (server = await start()),
  });

  async function health(): Promise<{ status: number; body: HealthBody }> {
    const app = createApi(
      apiOptionsForNode(fed.node(0), {
        logger: silentLogger,
        bodyLimitBytes: 65_536,
        commitTimeoutMs: 15_000,
      }),
    );
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      return { status: res.statusCode, body: res.json<HealthBody>() };
    } finally {
      await app.close();
    }
  }

  /** The truth, counted without the indexes /health uses. */
  async function truth(pk: string): Promise<{ blocks: number; votes: number; backlog: number }> {
    const t = (name: string) => r.db('bigchain').table(name);
    return {
      blocks: await raw(
        server,
        t('bigchain')
          .filter((b: RDatum) => b('block')('node_pubkey').eq(pk))
          .count(),
      ),
      votes: await raw(server, t('votes').filter({ node_pubkey: pk }).count()),
      backlog: await raw(server, t('backlog').filter({ assignee: pk }).count()),
    };
  }

  beforeAll(async () => {
    await fed.up([0]);
  });
  afterAll(async () => {
    if (failed()) fed.dumpLogs();
    await fed.down();
  });

  step(`${engine}: servers, schemaReady and this node's counts match the rows written`, async () => {
    const me = fed.kp(0);
    const other = fed.kp(1);
    const voters = [me.publicKey, other.publicKey];
    for (let i = 0; i < 3; i++)
      await fed.inspector.writeBacklog(createTx(keypair(), { backlog: i }), me.publicKey);
    const mine = [
      makeBlock([createTx(keypair(), { b: 1 })], me, voters),
      makeBlock([createTx(keypair(), { b: 2 })], me, voters),
    ];
    const theirs = makeBlock([createTx(keypair(), { b: 3 })], other, voters);
    for (const block of [...mine, theirs]) await fed.inspector.writeBlock(block);
    const genesisId = await fed.inspector.getGenesisBlockId();
    await fed.inspector.writeVote(makeVote(theirs.id, genesisId, true, null, other));
    // Node 0 made the genesis block and these two; it votes on all three non-genesis blocks.
    const expected = { blocks: 3, votes: 3, backlog: 3 };
    const seen = await pollUntil(
      async () => {
        const h = await health();
        return JSON.stringify(h.body.counts) === JSON.stringify(expected)
          ? ready(h)
          : notYet(JSON.stringify(h.body.counts));
      },
      { what: '/health counts', timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(await truth(me.publicKey)).toEqual(expected);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      healthy: true,
      database: { engine, servers: servers(), schemaReady: true },
      counts: expected,
    });
  });

  step(`${engine}: a missing index makes /health 503 naming it (within the 5 s cache)`, async () => {
    await raw(server, r.db('bigchain').table('bigchain').indexDrop('node_pubkey'));
    const seen = await pollUntil(
      async () => {
        const h = await health();
        return h.body.database.schemaReady === false ? ready(h) : notYet('still ready');
      },
      { what: '/health schemaReady false', timeoutMs: 15_000, intervalMs: 500 },
    );
    expect(seen.status).toBe(503);
    expect(seen.body.problems).toContain('database schema not ready (missing: index bigchain.node_pubkey)');
    expect(seen.body.counts).toBeUndefined();
  });
}
