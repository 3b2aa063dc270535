// collectNodeViews and waitAllValid against small HTTP stand-ins of node APIs (statuses and
// VALID block ids from a map the test changes), one of them not listening at all.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectNodeViews, waitAllValid } from '../../../../src/lab/invariants/index.js';
import type { LoadTarget } from '../../../../src/lab/load/types.js';

type Ledger = Map<string, { status: string; blocks: string[] }>;

async function fakeNode(ledger: Ledger): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry = ledger.get(url.searchParams.get('transaction_id') ?? '');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/v1/statuses')
      return entry ? send(200, { status: entry.status }) : send(404, { status: 404, message: 'no' });
    if (url.pathname === '/api/v1/blocks' && url.searchParams.get('status') === 'valid')
      return send(200, entry?.blocks ?? []);
    return send(404, { status: 404, message: 'not here' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('node views', () => {
  const ledgerA: Ledger = new Map();
  const ledgerB: Ledger = new Map();
  const servers: Server[] = [];
  let targets: LoadTarget[];
  const dead: LoadTarget = { operator: 'gamma', apiUrl: 'http://127.0.0.1:9' };

  beforeAll(async () => {
    const a = await fakeNode(ledgerA);
    const b = await fakeNode(ledgerB);
    servers.push(a.server, b.server);
    targets = [
      { operator: 'alpha', apiUrl: a.url },
      { operator: 'beta', apiUrl: b.url },
    ];
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  it('collects each node status and sorted VALID blocks; a silent node is not live', async () => {
    ledgerA.set('t1', { status: 'valid', blocks: ['b2', 'b1'] });
    ledgerB.set('t1', { status: 'undecided', blocks: [] });
    const views = await collectNodeViews([...targets, dead], ['t1', 't2'], { timeoutMs: 1_000 });
    expect(views).toEqual([
      {
        operator: 'alpha',
        live: true,
        statuses: { t1: 'valid', t2: 'unknown' },
        validBlocks: { t1: ['b1', 'b2'], t2: [] },
      },
      {
        operator: 'beta',
        live: true,
        statuses: { t1: 'undecided', t2: 'unknown' },
        validBlocks: { t1: [], t2: [] },
      },
      expect.objectContaining({ operator: 'gamma', live: false, error: expect.stringMatching(/no answer/) }),
    ]);
  });

  it('waits until every tx is VALID on every node', async () => {
    ledgerA.set('t1', { status: 'valid', blocks: ['b1'] });
    ledgerB.set('t1', { status: 'backlog', blocks: [] });
    setTimeout(() => ledgerB.set('t1', { status: 'valid', blocks: ['b1'] }), 150);
    const waited = await waitAllValid(targets, ['t1'], 5_000, { intervalMs: 20 });
    expect(waited.ok).toBe(true);
    expect(waited.notValid).toEqual([]);
    expect(waited.afterMs).toBeGreaterThanOrEqual(100);
  });

  it('gives up after withinMs naming each (node, tx) not VALID and its last status', async () => {
    ledgerA.set('t3', { status: 'valid', blocks: ['b3'] });
    ledgerB.set('t3', { status: 'undecided', blocks: [] });
    const waited = await waitAllValid([...targets, dead], ['t3', 't4'], 200, {
      intervalMs: 20,
      timeoutMs: 500,
    });
    expect(waited.ok).toBe(false);
    expect(waited.afterMs).toBeGreaterThanOrEqual(200);
    expect(waited.notValid).toEqual(
      expect.arrayContaining([
        { operator: 'beta', txId: 't3', status: 'undecided' },
        { operator: 'alpha', txId: 't4', status: 'unknown' },
        { operator: 'gamma', txId: 't3', status: 'unreachable' },
      ]),
    );
    expect(waited.notValid).toHaveLength(5);
  });
});
