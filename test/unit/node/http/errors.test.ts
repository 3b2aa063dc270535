import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApi } from '../../../../src/node/http/index.js';
import { TransactionInvalidError } from '../../../../src/node/core/index.js';
import { StoreUnavailableError } from '../../../../src/node/store/errors.js';
import { CommitWaitersFullError } from '../../../../src/node/pipeline/errors.js';
import { FakeBackend } from './fake-backend.js';
import { ALICE, BACKLOG_TX, CREATE_TX } from './sample-data.js';

let fake: FakeBackend;
let app: FastifyInstance;

function build(options: { bodyLimitBytes?: number; commitTimeoutMs?: number } = {}): FastifyInstance {
  return createApi({
    ledger: fake.ledger,
    ingest: fake.ingest,
    health: fake.health,
    identity: { publicKey: ALICE, keyring: [] },
    logger: fake.logger,
    ...options,
  });
}

beforeEach(() => {
  fake = new FakeBackend();
  app = build();
});
afterEach(async () => {
  await app.close();
});

/** Every error is exactly {status, message}, as JSON, with the HTTP status repeated. */
function expectError(res: LightMyRequestResponse, status: number, message?: RegExp): void {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<Record<string, unknown>>();
  expect(Object.keys(body).sort()).toEqual(['message', 'status']);
  expect(body.status).toBe(status);
  expect(typeof body.message).toBe('string');
  if (message) expect(body.message).toMatch(message);
}

const post = (
  payload: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  url = '/api/v1/transactions?mode=sync',
) => app.inject({ method: 'POST', url, payload, headers });

describe('POST errors', () => {
  it('400 with the validation code for an invalid transaction, and nothing submitted twice', async () => {
    fake.reject = new TransactionInvalidError(
      'TX_SIGNATURE_INVALID',
      'input 0 has a bad signature',
      CREATE_TX.id,
    );
    const res = await post(JSON.stringify(CREATE_TX));
    expectError(res, 400, /^Invalid transaction \(TX_SIGNATURE_INVALID\): input 0 has a bad signature$/);
    expect(fake.txs.size).toBe(0);
  });

  it('400 for malformed JSON, an empty body, a non-object body, a bad mode', async () => {
    expectError(await post('{"id": '), 400);
    expectError(await post(''), 400);
    expectError(await post('[1,2]'), 400, /body must be object/);
    expectError(await post('{}', undefined, '/api/v1/transactions?mode=later'), 400, /mode/);
    expect(fake.submissions).toEqual([]);
  });

  it('415 for a body that is neither JSON nor text', async () => {
    expectError(await post('<tx/>', { 'content-type': 'application/xml' }), 415);
  });

  it('413 for a body over the limit', async () => {
    await app.close();
    app = build({ bodyLimitBytes: 100 });
    expectError(await post(JSON.stringify(CREATE_TX)), 413);
  });

  it('503 with Retry-After when the node has as many commit waiters as it allows', async () => {
    fake.reject = new CommitWaitersFullError(512);
    const res = await post(JSON.stringify(CREATE_TX), undefined, '/api/v1/transactions?mode=commit');
    expectError(res, 503, /already has 512 POST \?mode=commit requests waiting/);
    expect(res.headers['retry-after']).toBe('1');
  });

  it('400 naming the limit and the path for a transaction that cannot be stored', async () => {
    fake.reject = new TransactionInvalidError('TX_UNSTORABLE', 'the value at /metadata/a is ...', null);
    expectError(
      await post(JSON.stringify(CREATE_TX)),
      400,
      /^Invalid transaction \(TX_UNSTORABLE\): the value at \/metadata\/a/,
    );
  });

  it('504 when a commit is not in a valid block in time, saying it was accepted', async () => {
    await app.close();
    app = build({ commitTimeoutMs: 50 });
    fake.hang = true;
    const res = await post(JSON.stringify(CREATE_TX), undefined, '/api/v1/transactions?mode=commit');
    expectError(
      res,
      504,
      new RegExp(`^transaction ${CREATE_TX.id} was accepted but is not in a valid block after 50 ms`),
    );
  });

  it('503 for a pending commit when the API closes', async () => {
    fake.hang = true;
    await app.ready();
    const pending = post(JSON.stringify(CREATE_TX), undefined, '/api/v1/transactions?mode=commit');
    while (fake.submissions.length === 0) await new Promise((r) => setTimeout(r, 5));
    const closing = app.close();
    expectError(await pending, 503, /shutting down/);
    await closing;
  });
});

describe('query errors', () => {
  it.each([
    '/api/v1/transactions',
    '/api/v1/transactions?asset_id=x&operation=BURN',
    '/api/v1/outputs',
    '/api/v1/outputs?public_key=x&spent=maybe',
    '/api/v1/assets',
    '/api/v1/assets?search=x&limit=0',
    '/api/v1/assets?search=x&limit=100000',
    // ajv coerces these to ±Infinity and lets them past `maximum` (found by the fuzz suite)
    '/api/v1/assets?search=x&limit=Infinity',
    '/api/v1/metadata?search=x&limit=-Infinity',
    '/api/v1/metadata?limit=2',
    '/api/v1/blocks',
    '/api/v1/blocks?transaction_id=x&status=maybe',
    '/api/v1/votes',
    '/api/v1/statuses',
    '/api/v1/statuses?transaction_id=a&block_id=b',
  ])('400 for GET %s', async (url) => {
    expectError(await app.inject({ method: 'GET', url }), 400);
  });

  it('404 for unknown ids, naming the status of a transaction not yet valid', async () => {
    fake.addTx(BACKLOG_TX, 'backlog');
    expectError(
      await app.inject({ url: `/api/v1/transactions/${CREATE_TX.id}` }),
      404,
      /no transaction with id/,
    );
    expectError(await app.inject({ url: `/api/v1/transactions/${BACKLOG_TX.id}` }), 404, /status: backlog/);
    expectError(await app.inject({ url: '/api/v1/blocks/nope' }), 404);
    expectError(await app.inject({ url: '/api/v1/statuses?transaction_id=nope' }), 404);
    expectError(await app.inject({ url: '/api/v1/statuses?block_id=nope' }), 404);
  });

  it('404 for an unknown path, 405 with Allow for a wrong method', async () => {
    expectError(await app.inject({ url: '/api/v2/whatever' }), 404);
    const res = await app.inject({ method: 'DELETE', url: '/api/v1/transactions' });
    expectError(res, 405, /DELETE is not allowed/);
    expect(res.headers.allow).toBe('GET, POST, HEAD');
    expectError(await app.inject({ method: 'PUT', url: `/api/v1/transactions/${CREATE_TX.id}` }), 405);
    expectError(await app.inject({ method: 'POST', url: '/health' }), 405);
  });

  // Found by the fuzz suite (fuzz-hostile-rethinkdb.test.ts): fastify answers these two itself,
  // before any hook, as {error, code, message, statusCode}.
  it('400 {status, message} for a path that does not percent-decode', async () => {
    expectError(await app.inject({ url: '/api/v1/%ed%a0%80' }), 400, /not a valid url/);
    expectError(await app.inject({ url: '/api/v1/transactions/%zz' }), 400);
    expectError(await app.inject({ method: 'DELETE', url: '/%ff' }), 400);
  });

  // Found by the fuzz suite: RethinkDB fails the whole query for a key holding NUL or over 127
  // bytes (the store adds `#slot` to a transaction id), so such an id was a 500 there.
  it.each([
    '/api/v1/blocks/%00',
    '/api/v1/transactions/a%00b',
    '/api/v1/blocks/%F0%9F%98%80',
    '/api/v1/statuses?block_id=%00',
    `/api/v1/statuses?transaction_id=${'f'.repeat(101)}`,
    '/api/v1/blocks?transaction_id=a%00',
    `/api/v1/blocks?transaction_id=${'\u00e9'.repeat(64)}`,
    '/api/v1/votes?block_id=%00',
    '/api/v1/outputs?public_key=%00',
    '/api/v1/transactions?asset_id=%00',
  ])('400 {status, message} for GET %s: an id no table can hold', async (url) => {
    expectError(await app.inject({ url }), 400, /must match pattern|must NOT have more than/);
  });

  it('414 {status, message} for a path parameter over fastify\u2019s length limit', async () => {
    expectError(await app.inject({ url: `/api/v1/transactions/${'f'.repeat(5_000)}` }), 414);
    expectError(await app.inject({ url: `/api/v1/blocks/${'f'.repeat(101)}` }), 414);
  });
});

describe('unexpected failures', () => {
  it('500 {status, message} for an unexpected error, logged with the stack', async () => {
    fake.failQueries = new Error('boom in the store');
    const res = await app.inject({ url: `/api/v1/transactions/${CREATE_TX.id}` });
    expectError(res, 500, /internal error/);
    expect(res.body).not.toContain('boom');
    const logged = fake.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'http.unexpected_error',
        node: 'FAKE',
        error: 'boom in the store',
      }),
    );
  });

  it('503 when the store is unavailable', async () => {
    fake.failQueries = new StoreUnavailableError('localhost:28015', 'connection refused');
    expectError(await app.inject({ url: `/api/v1/transactions/${CREATE_TX.id}` }), 503, /unavailable/);
  });

  it('503 (not 500) when the health probe itself throws', async () => {
    const broken = createApi({
      ledger: fake.ledger,
      ingest: fake.ingest,
      health: async () => {
        throw new Error('probe exploded');
      },
      identity: { publicKey: ALICE, keyring: [] },
      logger: fake.logger,
    });
    const res = await broken.inject({ url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 503, message: 'health probe failed: probe exploded' });
    await broken.close();
  });
});
