/**
 * The API over a real socket: the official bigchaindb-driver talks to it (with the in-memory
 * fake behind it), and raw requests check what never reaches a route.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import driver from 'bigchaindb-driver';
import { createApi, listenApi } from '../../../../src/node/http/index.js';
import { REQUEST_TIMEOUT_MS } from '../../../../src/node/http/app.js';
import { FakeBackend } from './fake-backend.js';
import { ALICE } from './sample-data.js';

let fake: FakeBackend;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  fake = new FakeBackend();
  app = createApi({
    ledger: fake.ledger,
    ingest: fake.ingest,
    health: fake.health,
    identity: { publicKey: ALICE, keyring: [] },
    logger: fake.logger,
    bodyLimitBytes: 64 * 1024,
  });
  base = (await listenApi(app, '127.0.0.1:0')).url;
});
afterAll(async () => {
  await app.close();
});

function rawRequest(text: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('over real HTTP', () => {
  it('listens on the port it reports', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ software: 'fedlab-node', public_key: ALICE });
  });

  it('answers a malformed HTTP request with JSON {status, message}', async () => {
    const reply = await rawRequest('THIS IS NOT HTTP\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 400 });
    expect(typeof body.message).toBe('string');
  });

  // Found by the fuzz suite: Node's server drops a CONNECT without a word when nothing listens
  // for it, so the client saw a closed connection instead of an answer.
  it('answers CONNECT with JSON 405 {status, message}, then closes', async () => {
    const reply = await rawRequest('CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 405 /);
    expect(reply).toMatch(/\r\nContent-Type: application\/json\r\n/i);
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 405 });
    expect(body.message).toMatch(/CONNECT/);
  });

  // Found by the fuzz suite: the 431 for a HEAD carried a body, which a client's parser refuses
  // ("Data after Connection: close"), so it saw an error instead of the status.
  it('answers a HEAD whose headers overflow with a bodiless JSON 431', async () => {
    const { port } = new URL(base);
    const status = await new Promise<{ code?: number; type?: string }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: Number(port),
        method: 'HEAD',
        path: `/${'p'.repeat(20_000)}`,
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ code: res.statusCode, type: res.headers['content-type'] }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toEqual({ code: 431, type: 'application/json' });
    const raw = await rawRequest(`HEAD /${'p'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
  });

  // Found while fuzzing: fastify's default requestTimeout is 0, so a request whose body never
  // ends held its connection (and socket) forever; Node then answers 408 through our handler.
  it('cuts off a request that is never completed (requestTimeout is set)', () => {
    expect(app.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThan(0);
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(60_000);
  });

  it('answers 413 {status, message} for a body over the limit', async () => {
    const res = await fetch(`${base}/api/v1/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(100 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413 });
  });

  it('works with bigchaindb-driver: post (commit), get, list, search', async () => {
    const conn = new driver.Connection(`${base}/api/v1/`);
    const alice = new driver.Ed25519Keypair();
    const create = driver.Transaction.makeCreateTransaction(
      { kind: 'bicycle', serial: 'driver-1' },
      { colour: 'teal' },
      [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(alice.publicKey))],
      alice.publicKey,
    );
    const signed = driver.Transaction.signTransaction(create, alice.privateKey);
    const posted = await conn.postTransactionCommit(signed);
    expect(posted.id).toBe(signed.id);
    expect(fake.submissions[fake.submissions.length - 1]?.mode).toBe('commit');
    expect((await conn.getTransaction(signed.id)).id).toBe(signed.id);
    expect(await conn.listOutputs(alice.publicKey, false)).toEqual([
      { transaction_id: signed.id, output_index: 0 },
    ]);
    expect(await conn.searchAssets('driver-1')).toEqual([
      { id: signed.id, data: { kind: 'bicycle', serial: 'driver-1' } },
    ]);
    expect(await conn.searchMetadata('teal')).toEqual([{ id: signed.id, metadata: { colour: 'teal' } }]);
    expect((await conn.listTransactions(signed.id)).map((t: { id: string }) => t.id)).toEqual([signed.id]);
    await expect(conn.postTransactionAsync(signed)).resolves.toMatchObject({ id: signed.id });
    await expect(conn.getTransaction('f'.repeat(64))).rejects.toMatchObject({ status: '404 Not Found' });
  });
});
