/**
 * Issue 16 on a real RethinkDB 2.4.4 server: with the node's own server paused (`docker pause`:
 * the connection stays open, no query is answered), a POST answers within a second, 503 with
 * Retry-After and a JSON body naming the problem, instead of holding the request 17 s and
 * answering 504. After unpause the node takes posts again, the one posted during the pause
 * (posted again: idempotent) included, and both end VALID exactly once.
 */
import Docker from 'dockerode';
import type { FastifyInstance } from 'fastify';
import { r, type RDatum } from 'rethinkdb-ts';
import { apiOptionsForNode, createApi } from '../../../src/node/http/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import { namedSteps } from '../../support/named-steps.js';
import { startRethinkdb, type RethinkServer } from '../../support/rethinkdb-container.js';
import { TestFederation } from './federation-harness.js';
import { raw } from './schema-scenario.js';
import { createTx, keypair, waitFor } from './tx-helpers.js';

const { step, failed } = namedSteps();
let server: RethinkServer | undefined;
let app: FastifyInstance | undefined;
let paused = false;
const fed = new TestFederation({
  members: 1,
  server: async () => (server = await startRethinkdb('unavailable')),
});
const container = () => new Docker().getContainer(server?.containerName ?? '?');
const owner = keypair();
const first = createTx(owner, { issue: 16, n: 1 });
const duringPause = createTx(owner, { issue: 16, n: 2 });

async function post(
  tx: unknown,
): Promise<{ status: number; ms: number; retryAfter?: string; body: unknown }> {
  const started = performance.now();
  const res = await (app as FastifyInstance).inject({
    method: 'POST',
    url: '/api/v1/transactions?mode=async',
    payload: JSON.stringify(tx),
    headers: { 'content-type': 'application/json' },
  });
  const retryAfter = res.headers['retry-after'];
  return {
    status: res.statusCode,
    ms: performance.now() - started,
    ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
    body: res.json(),
  };
}

async function statusOf(id: string): Promise<string | undefined> {
  const res = await (app as FastifyInstance).inject({ url: `/api/v1/statuses?transaction_id=${id}` });
  return res.statusCode === 200 ? res.json<{ status: string }>().status : undefined;
}

beforeAll(async () => {
  await fed.up();
  app = createApi(
    apiOptionsForNode(fed.node(0), { logger: silentLogger, bodyLimitBytes: 65_536, commitTimeoutMs: 15_000 }),
  );
});
afterAll(async () => {
  if (paused)
    await container()
      .unpause()
      .catch(() => undefined);
  if (failed()) {
    fed.dumpLogs();
    if (server) process.stderr.write(`${await server.logs()}\n`);
  }
  await app?.close();
  await fed.down();
});

describe("a POST while the node's own RethinkDB server is paused", () => {
  step('before the pause: 202, and VALID', async () => {
    expect((await post(first)).status).toBe(202);
    await waitFor('the first transaction VALID', async () => (await statusOf(first.id)) === 'valid');
  });

  step('paused: 503 with Retry-After within 1 s, the body naming the problem', async () => {
    await container().pause();
    paused = true;
    const answer = await post(duringPause);
    process.stderr.write(
      `[issue 16] POST with the server paused: ${answer.status} after ${Math.round(answer.ms)} ms\n`,
    );
    expect(answer.status).toBe(503);
    expect(answer.ms).toBeLessThan(1_000);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(answer.body).toEqual({
      status: 503,
      message: expect.stringMatching(
        new RegExp(
          `^the database (could not check|did not take) transaction ${duringPause.id} within \\d+ ms \\(.+\\)`,
        ),
      ),
    });
    // Posted again while still paused: the same quick answer, not a pile-up of held requests.
    const again = await post(duringPause);
    expect([again.status, again.ms < 1_000]).toEqual([503, true]);
  });

  step('unpaused: the same transaction posted again is accepted, and both end VALID once', async () => {
    await container().unpause();
    paused = false;
    const accepted = await waitFor(
      'a 202 after unpause',
      async () => {
        const answer = await post(duringPause);
        return answer.status === 202 ? answer : null;
      },
      30_000,
    );
    expect(accepted.ms).toBeLessThan(1_000);
    await waitFor(
      'the transaction posted during the pause VALID',
      async () => (await statusOf(duringPause.id)) === 'valid',
      30_000,
    );
    // Whatever the writes held during the pause did when they landed: one block holds it, one backlog row at most.
    const holding = await raw<number>(
      server as RethinkServer,
      r
        .db('bigchain')
        .table('bigchain')
        .filter((b: RDatum) => b('block')('transactions').contains((t: RDatum) => t('id').eq(duringPause.id)))
        .count(),
    );
    expect(holding).toBe(1);
    expect((await post(first)).status).toBe(400); // already VALID: a duplicate, never stored twice
  });
});
