import type { FastifyInstance } from 'fastify';
import { createApi } from '../../../../src/node/http/index.js';
import { FakeBackend } from './fake-backend.js';
import { ALICE, BACKLOG_TX, BLOCK, BOB, CREATE_TX, TRANSFER_TX, VOTE } from './sample-data.js';

let fake: FakeBackend;
let app: FastifyInstance;

beforeEach(() => {
  fake = new FakeBackend();
  app = createApi({
    ledger: fake.ledger,
    ingest: fake.ingest,
    health: fake.health,
    identity: { publicKey: ALICE, keyring: [BOB] },
    logger: fake.logger,
    version: '9.9.9',
  });
});
afterEach(async () => {
  await app.close();
});

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

describe('root', () => {
  it('GET / names the software, its key and the keyring', async () => {
    const { status, body } = await get('/');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      software: 'fedlab-node',
      version: '9.9.9',
      public_key: ALICE,
      keyring: [BOB],
      api: { v1: { transactions: '/api/v1/transactions/', outputs: '/api/v1/outputs/' } },
    });
  });

  it('GET /api/v1/ with or without the trailing slash lists the endpoints', async () => {
    for (const url of ['/api/v1/', '/api/v1']) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      expect(body).toMatchObject({ transactions: '/api/v1/transactions/', statuses: '/api/v1/statuses/' });
    }
  });
});

describe('POST /api/v1/transactions', () => {
  it.each([
    ['async', 202],
    ['sync', 200],
    ['commit', 200],
  ] as const)('mode=%s answers %i with the transaction', async (mode, code) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/transactions?mode=${mode}`,
      payload: CREATE_TX,
    });
    expect(res.statusCode).toBe(code);
    expect(res.json()).toEqual(CREATE_TX);
    expect(fake.submissions).toEqual([{ tx: CREATE_TX, mode }]);
  });

  it('defaults to async, like BigchainDB', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/transactions/', payload: CREATE_TX });
    expect(res.statusCode).toBe(202);
    expect(fake.submissions[0]?.mode).toBe('async');
  });
});

describe('transaction queries', () => {
  beforeEach(() => {
    fake.addTx(CREATE_TX);
    fake.addTx(TRANSFER_TX);
    fake.addTx(BACKLOG_TX, 'backlog');
  });

  it('GET /transactions/{id} returns a transaction in a valid block', async () => {
    expect(await get(`/api/v1/transactions/${CREATE_TX.id}`)).toEqual({ status: 200, body: CREATE_TX });
  });

  it('GET /transactions?asset_id= lists the asset history, filtered by operation', async () => {
    expect(await get(`/api/v1/transactions?asset_id=${CREATE_TX.id}`)).toEqual({
      status: 200,
      body: [CREATE_TX, TRANSFER_TX],
    });
    expect((await get(`/api/v1/transactions?asset_id=${CREATE_TX.id}&operation=TRANSFER`)).body).toEqual([
      TRANSFER_TX,
    ]);
  });

  it('GET /outputs lists [{transaction_id, output_index}], filtered by spent', async () => {
    expect((await get(`/api/v1/outputs?public_key=${ALICE}`)).body).toEqual(
      expect.arrayContaining([{ transaction_id: CREATE_TX.id, output_index: 0 }]),
    );
    expect((await get(`/api/v1/outputs?public_key=${ALICE}&spent=true`)).body).toEqual([
      { transaction_id: CREATE_TX.id, output_index: 0 },
    ]);
    expect((await get(`/api/v1/outputs?public_key=${BOB}&spent=false`)).body).toEqual([
      { transaction_id: TRANSFER_TX.id, output_index: 0 },
    ]);
  });

  it('GET /assets and /metadata search text and honour limit', async () => {
    expect((await get('/api/v1/assets?search=bicycle')).body).toEqual(
      [{ id: CREATE_TX.id, data: CREATE_TX.asset }].map((h) => ({
        id: h.id,
        data: (h.data as { data: unknown }).data,
      })),
    );
    expect((await get('/api/v1/assets?search=a&limit=1')).body).toHaveLength(1);
    expect((await get('/api/v1/metadata?search=sold')).body).toEqual([
      { id: TRANSFER_TX.id, metadata: { note: 'sold' } },
    ]);
  });
});

describe('blocks, votes, statuses', () => {
  beforeEach(() => {
    fake.addTx(CREATE_TX);
    fake.addTx(BACKLOG_TX, 'backlog');
    fake.addBlock(BLOCK, 'valid', [VOTE]);
  });

  it('GET /blocks?transaction_id= lists block ids, filtered by status', async () => {
    expect(await get(`/api/v1/blocks?transaction_id=${CREATE_TX.id}`)).toEqual({
      status: 200,
      body: [BLOCK.id],
    });
    expect((await get(`/api/v1/blocks?transaction_id=${CREATE_TX.id}&status=invalid`)).body).toEqual([]);
    expect((await get(`/api/v1/blocks?transaction_id=${CREATE_TX.id}&status=valid`)).body).toEqual([
      BLOCK.id,
    ]);
  });

  it('GET /blocks/{id} returns the block', async () => {
    expect(await get(`/api/v1/blocks/${BLOCK.id}`)).toEqual({ status: 200, body: BLOCK });
  });

  it('GET /votes?block_id= returns the votes ([] for none)', async () => {
    expect(await get(`/api/v1/votes?block_id=${BLOCK.id}`)).toEqual({ status: 200, body: [VOTE] });
    expect(await get('/api/v1/votes?block_id=nope')).toEqual({ status: 200, body: [] });
  });

  it('GET /statuses gives the status of a transaction or a block', async () => {
    expect(await get(`/api/v1/statuses?transaction_id=${CREATE_TX.id}`)).toEqual({
      status: 200,
      body: { status: 'valid' },
    });
    expect(await get(`/api/v1/statuses?transaction_id=${BACKLOG_TX.id}`)).toEqual({
      status: 200,
      body: { status: 'backlog' },
    });
    expect(await get(`/api/v1/statuses?block_id=${BLOCK.id}`)).toEqual({
      status: 200,
      body: { status: 'valid' },
    });
  });
});

describe('GET /health', () => {
  it('is 200 with the report when healthy', async () => {
    expect(await get('/health')).toEqual({ status: 200, body: fake.healthReport });
  });

  it('is 503 {status, message, ...report} when unhealthy', async () => {
    fake.healthReport = { healthy: false, problems: ['database unreachable'] };
    expect(await get('/health')).toEqual({
      status: 503,
      body: {
        status: 503,
        message: 'database unreachable',
        healthy: false,
        problems: ['database unreachable'],
      },
    });
  });
});
