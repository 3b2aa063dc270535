/**
 * policy.read "api-key" through the real fastify app (inject, no socket). The routes are read
 * from the app itself, so a route added later without protection fails here.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApi } from '../../../../src/node/http/index.js';
import { TransactionInvalidError } from '../../../../src/node/core/index.js';
import { API_PATHS, newApiKey, type ReadPolicy } from '../../../../src/protocol/index.js';
import { createLogger } from '../../../../src/shared/log.js';
import { FakeBackend } from './fake-backend.js';
import { ALICE, BLOCK, CREATE_TX, TRANSFER_TX } from './sample-data.js';

const { key, record } = newApiKey('reader', new Date('2026-12-08T00:00:00Z'));
const revoked = newApiKey('gone', new Date('2026-12-08T00:00:00Z'));
const ID = 'a'.repeat(64);

let fake: FakeBackend;
let app: FastifyInstance;
let logLines: string[];

function build(policy: ReadPolicy): FastifyInstance {
  logLines = [];
  return createApi({
    ledger: fake.ledger,
    ingest: fake.ingest,
    health: fake.health,
    identity: { publicKey: ALICE, keyring: [] },
    logger: createLogger({ level: 'debug', fields: {}, sink: (l) => logLines.push(l) }),
    readAccess: { policy, keys: [record] },
  });
}

/** Every (method, url) the app routes, from fastify's own route tree. */
function registeredRoutes(api: FastifyInstance): { method: string; url: string }[] {
  const path: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of api.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[└├]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    path.length = (m[1] ?? '').length / 4;
    path.push(m[2] ?? '');
    for (const method of m[3]?.split(', ') ?? []) routes.push({ method, url: path.join('') });
  }
  return routes;
}

/** Written out here on purpose, not imported: what anyone may call whatever policy.read says. */
const OPEN = (method: string, url: string): boolean =>
  ['/', '/api/v1', '/health'].includes(url) || (method === 'POST' && url === '/api/v1/transactions');

const call = (method: string, url: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: method as 'GET',
    url: url.replace(':id', ID),
    headers: method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { payload: '{}' }),
  });

function expect401(res: LightMyRequestResponse, what: string): void {
  expect({ what, status: res.statusCode }).toEqual({ what, status: 401 });
  expect(res.headers['www-authenticate']).toMatch(/^ApiKey realm="bigchaindb", header="X-Api-Key"$/);
  if (res.body === '') return; // HEAD
  const body = res.json<Record<string, unknown>>();
  expect(Object.keys(body).sort()).toEqual(['message', 'status']);
  expect(body).toMatchObject({ status: 401, message: expect.stringContaining('X-Api-Key: <key>') });
}

beforeEach(() => {
  fake = new FakeBackend();
  fake.addTx(CREATE_TX);
  fake.addTx(TRANSFER_TX);
  fake.addBlock(BLOCK, 'valid');
});
afterEach(async () => app.close());

describe('policy.read "api-key"', () => {
  beforeEach(() => (app = build('api-key')));

  it('finds every API path among the registered routes (the walk below sees them all)', async () => {
    await app.ready();
    const urls = new Set(registeredRoutes(app).map((r) => r.url));
    for (const p of Object.values(API_PATHS)) expect(urls).toContain(p.length > 1 ? p.replace(/\/$/, '') : p);
  });

  it('every route but /, /api/v1/, /health and POST /transactions answers 401 without a key', async () => {
    await app.ready();
    const routes = registeredRoutes(app);
    const guarded = routes.filter((r) => !OPEN(r.method, r.url));
    expect(guarded.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(9);
    for (const r of guarded) {
      expect401(await call(r.method, r.url), `${r.method} ${r.url}`);
      expect401(await call(r.method, r.url, { 'x-api-key': revoked.key }), `${r.method} ${r.url} revoked`);
    }
    for (const r of routes.filter((x) => OPEN(x.method, x.url)))
      expect({ r, status: (await call(r.method, r.url)).statusCode }).not.toEqual({ r, status: 401 });
  });

  it('with the key in any of the accepted headers every route answers as without the policy', async () => {
    await app.ready();
    const headers: Record<string, string>[] = [
      { 'x-api-key': key },
      { authorization: `Bearer ${key}` },
      { app_key: key },
      { authorization: `Basic ${Buffer.from(`apikey:${key}`).toString('base64')}` },
    ];
    for (const r of registeredRoutes(app))
      for (const h of headers) {
        const res = await call(r.method, r.url, h);
        expect({ r, status: res.statusCode }).not.toEqual({ r, status: 401 });
      }
    const tx = await call('GET', API_PATHS.transaction.replace(':id', CREATE_TX.id), { 'x-api-key': key });
    expect(tx.json()).toEqual(CREATE_TX);
    const blocks = await call('GET', `${API_PATHS.blocks}?transaction_id=${CREATE_TX.id}`, { app_key: key });
    expect(blocks.statusCode).toBe(200);
  });

  it('a wrong key is named as wrong; no key ever reaches an answer, /health or a log line', async () => {
    const wrong = 'fdk_' + 'W'.repeat(43);
    const res = await call('GET', API_PATHS.transaction, { 'x-api-key': wrong });
    expect401(res, 'wrong key');
    expect(res.json<{ message: string }>().message).toMatch(/not one this node's operator issued/);
    const none = await call('GET', API_PATHS.transaction);
    expect(none.json<{ message: string }>().message).not.toMatch(/not one/);
    const health = await call('GET', API_PATHS.health, { 'x-api-key': key });
    const ok = await call('GET', API_PATHS.transaction.replace(':id', CREATE_TX.id), {
      authorization: `Bearer ${key}`,
    });
    for (const text of [
      res.body,
      none.body,
      health.body,
      ok.body,
      JSON.stringify(res.headers),
      ...logLines,
    ]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(key);
      expect(text).not.toContain(record.sha256);
    }
    expect(logLines.some((l) => l.includes('"status":401'))).toBe(true); // the refusals are logged
  });

  it('a POST without a key is accepted by the create/transfer policy; commit answers the posted tx only', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/transactions?mode=commit',
      payload: CREATE_TX,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(CREATE_TX);
  });

  it("a rejected POST without a key gets the code, not other transactions' details", async () => {
    const spender = 'b'.repeat(64);
    const post = (headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/api/v1/transactions?mode=commit', payload: TRANSFER_TX, headers });
    fake.reject = new TransactionInvalidError(
      'TX_DOUBLE_SPEND',
      `input 0 spends output 0 of ${CREATE_TX.id}, already spent by transaction ${spender}`,
      TRANSFER_TX.id,
    );
    const anon = await post();
    expect(anon.statusCode).toBe(400);
    expect(anon.json()).toEqual({
      status: 400,
      message: expect.stringMatching(
        /^Invalid transaction \(TX_DOUBLE_SPEND\): the details are withheld.*X-Api-Key/,
      ),
    });
    expect(anon.body).not.toContain(spender);
    expect((await post({ 'x-api-key': key })).json<{ message: string }>().message).toContain(spender);
    fake.reject = new TransactionInvalidError(
      'TX_SCHEMA',
      'outputs: must have at least 1 item',
      TRANSFER_TX.id,
    );
    expect((await post()).json<{ message: string }>().message).toContain('must have at least 1 item');
  });
});

describe('policy.read "anyone" (the default)', () => {
  it('no route asks for a key', async () => {
    app = build('anyone');
    await app.ready();
    for (const r of registeredRoutes(app))
      expect({ r, status: (await call(r.method, r.url)).statusCode }).not.toEqual({ r, status: 401 });
    fake.reject = new TransactionInvalidError(
      'TX_DOUBLE_SPEND',
      'already spent by transaction X',
      TRANSFER_TX.id,
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/transactions?mode=sync',
      payload: TRANSFER_TX,
    });
    expect(res.json<{ message: string }>().message).toContain('already spent by transaction X');
  });
});
