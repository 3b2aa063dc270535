// A database outage is an answer (issue 16): 503 with Retry-After and the problem named, for
// POSTs (ingest's DatabaseUnavailableError) and for reads that fail with RethinkDB's
// availability errors after the store's retries; never a 500.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { RethinkDBError } from 'rethinkdb-ts/lib/error/error.js';
import { ErrorType } from 'rethinkdb-ts/lib/proto/enums.js';
import { createApi } from '../../../../src/node/http/index.js';
import { DatabaseUnavailableError, StoreUnavailableError } from '../../../../src/node/store/errors.js';
import { ReconnectingError } from '../../../../src/node/store/retry.js';
import { FakeBackend } from './fake-backend.js';
import { ALICE, CREATE_TX } from './sample-data.js';

let fake: FakeBackend;
let app: FastifyInstance;

beforeEach(() => {
  fake = new FakeBackend();
  app = createApi({
    ledger: fake.ledger,
    ingest: fake.ingest,
    health: fake.health,
    identity: { publicKey: ALICE, keyring: [] },
    logger: fake.logger,
  });
});
afterEach(async () => {
  await app.close();
});

function expect503(res: LightMyRequestResponse, message: RegExp): void {
  expect(res.statusCode).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  const body = res.json<{ status: number; message: string }>();
  expect(Object.keys(body).sort()).toEqual(['message', 'status']);
  expect(body.status).toBe(503);
  expect(body.message).toMatch(message);
}

const post = () =>
  app.inject({
    method: 'POST',
    url: '/api/v1/transactions',
    payload: JSON.stringify(CREATE_TX),
    headers: { 'content-type': 'application/json' },
  });
const primaryGone = (what: 'read' | 'write') =>
  new RethinkDBError(`Cannot perform ${what}: primary replica for shard ["", +inf) not available`, {
    responseErrorType: ErrorType.OP_FAILED,
  });

describe('503 with Retry-After for a database that cannot serve now', () => {
  test('POST: the ingest deadline passed (the answer names the problem and what to do)', async () => {
    fake.reject = new DatabaseUnavailableError(
      `the database did not take transaction ${CREATE_TX.id} within 800 ms (no answer); post it again in 2 s`,
      { kind: 'no-answer', problem: 'no answer', retryAfterSec: 2 },
    );
    const res = await post();
    expect503(res, /did not take transaction .* within 800 ms \(no answer\); post it again in 2 s/);
    expect(res.headers['retry-after']).toBe('2');
  });

  test('POST: a raw availability error that got past ingest is still a 503', async () => {
    fake.reject = primaryGone('write');
    expect503(await post(), /the database cannot answer now \(Cannot perform write: primary replica/);
  });

  test.each([
    ['no primary', primaryGone('read'), /primary replica for shard .* not available/],
    [
      'two primaries while one moves',
      new RethinkDBError('Cannot perform read: too many primary replicas available', {
        responseErrorType: ErrorType.OP_FAILED,
      }),
      /too many primary replicas available/,
    ],
    ['reconnecting', new ReconnectingError('rethinkdb-alpha:28015'), /not connected to rethinkdb-alpha/],
    ['not reachable at start', new StoreUnavailableError('db:28015', 'cannot connect'), /is unavailable/],
  ])('GET: %s', async (_, error, message) => {
    fake.failQueries = error;
    expect503(await app.inject({ url: `/api/v1/transactions/${CREATE_TX.id}` }), message);
  });

  test('other database errors stay 500 (logged), never reported as an outage', async () => {
    fake.failQueries = new RethinkDBError('Table `bigchain.bigchain` does not exist.', {
      responseErrorType: ErrorType.OP_FAILED,
    });
    const res = await app.inject({ url: `/api/v1/transactions/${CREATE_TX.id}` });
    expect(res.statusCode).toBe(500);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});
