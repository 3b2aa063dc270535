/**
 * The official bigchaindb-driver (npm 4.3.0) against a real node: the `bigchaindb start`
 * command (runtime + HTTP API) on a real reqlite process, on free loopback ports. Each step is
 * what a driver user does, with what they observe.
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import driver from 'bigchaindb-driver';
import { runCli } from '../../../src/node/cli/program.js';
import { processContext } from '../../../src/node/cli/process-context.js';
import { freePort, startReqlite, type ReqliteProcess } from '../../support/reqlite-process.js';
import { notYet, pollUntil, ready, type PollOutcome } from '../../../src/shared/poll.js';
import { waitFor } from './tx-helpers.js';
import { newApiKey } from '../../../src/protocol/index.js';

type Tx = { id: string; operation: string; outputs: unknown[] } & Record<string, unknown>;

let db: ReqliteProcess;
let dir: string;
let base: string;
let stopNode: () => Promise<void>;
const logs: string[] = [];

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const healthy = async (): Promise<PollOutcome<true>> => {
    const res = await fetch(`${url}/health`);
    return res.status === 200 ? ready(true) : notYet(`HTTP ${res.status}: ${await res.text()}`);
  };
  await pollUntil(healthy, { what: 'a healthy node', timeoutMs, intervalMs: 200 }).catch((e: Error) => {
    throw new Error(`${e.message}; logs:\n${logs.slice(-20).join('\n')}`);
  });
}

/** `bigchaindb configure -y` then `start` in `home` on database `name`; resolves once healthy. */
async function startNode(
  home: string,
  extraEnv: Record<string, string> = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    HOME: home,
    BIGCHAINDB_DATABASE_HOST: db.host,
    BIGCHAINDB_DATABASE_PORT: String(db.port),
    BIGCHAINDB_SERVER_BIND: `127.0.0.1:${port}`,
    BIGCHAINDB_BLOCK_FLUSH_INTERVAL_MS: '100',
    BIGCHAINDB_LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const real = processContext();
  const ctx = {
    ...real,
    env,
    io: { ...real.io, out: (l: string) => logs.push(l), err: (l: string) => logs.push(l) },
    logSink: (l: string) => logs.push(l),
  };
  const config = join(home, '.bigchaindb');
  expect(await runCli(['-c', config, 'configure', '-y'], ctx)).toBe(0);
  expect(JSON.parse(await readFile(config, 'utf8'))).toMatchObject({ database: { port: db.port } });
  let stopSignal: (signal: string) => void = () => undefined;
  const shutdown = new Promise<string>((resolve) => (stopSignal = resolve));
  const exited = runCli(['-c', config, 'start'], { ...ctx, waitForShutdown: () => shutdown });
  await waitHealthy(url, 60_000);
  return {
    url,
    stop: async () => {
      stopSignal('test-end');
      expect(await exited).toBe(0);
    },
  };
}

beforeAll(async () => {
  db = await startReqlite();
  dir = await mkdtemp(join(tmpdir(), 'fedlab-driver-'));
  ({ url: base, stop: stopNode } = await startNode(dir));
});

afterAll(async () => {
  await stopNode?.();
  await db?.stop();
  await rm(dir, { recursive: true, force: true });
});

const alice = new driver.Ed25519Keypair();
const bob = new driver.Ed25519Keypair();
const serial = `driver-compat-${Date.now()}`;
let conn: InstanceType<typeof driver.Connection>;
let create: Tx;
let transfer: Tx;

function makeCreate(data: Record<string, unknown>, metadata: Record<string, unknown>): Tx {
  const tx = driver.Transaction.makeCreateTransaction(
    data,
    metadata,
    [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(alice.publicKey))],
    alice.publicKey,
  );
  return driver.Transaction.signTransaction(tx, alice.privateKey) as unknown as Tx;
}

describe('bigchaindb-driver against a real node on reqlite', () => {
  beforeAll(() => {
    conn = new driver.Connection(`${base}/api/v1/`);
  });

  it('postTransactionCommit(CREATE) returns the transaction once it is in a valid block', async () => {
    create = makeCreate({ kind: 'bicycle', serial }, { colour: 'teal', serial });
    const posted = (await conn.postTransactionCommit(create as never)) as unknown as Tx;
    expect(posted.id).toBe(create.id);
    const status = await (await fetch(`${base}/api/v1/statuses?transaction_id=${create.id}`)).json();
    expect(status).toEqual({ status: 'valid' });
  });

  it('getTransaction returns it', async () => {
    expect(await conn.getTransaction(create.id)).toEqual(create);
  });

  it('listOutputs(alice, false) lists the unspent CREATE output', async () => {
    expect(await conn.listOutputs(alice.publicKey, false)).toEqual([
      { transaction_id: create.id, output_index: 0 },
    ]);
  });

  it('postTransactionCommit(TRANSFER to bob) is accepted and moves the output', async () => {
    const unsigned = driver.Transaction.makeTransferTransaction(
      [{ tx: create as never, output_index: 0 }],
      [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(bob.publicKey))],
      { note: 'sold to bob' },
    );
    transfer = driver.Transaction.signTransaction(unsigned, alice.privateKey) as unknown as Tx;
    expect(((await conn.postTransactionCommit(transfer as never)) as unknown as Tx).id).toBe(transfer.id);
    expect(await conn.listOutputs(alice.publicKey, true)).toEqual([
      { transaction_id: create.id, output_index: 0 },
    ]);
    expect(await conn.listOutputs(alice.publicKey, false)).toEqual([]);
    expect(await conn.listOutputs(bob.publicKey)).toEqual([{ transaction_id: transfer.id, output_index: 0 }]);
  });

  it('listTransactions(asset_id[, operation]) gives the asset history', async () => {
    const all = (await conn.listTransactions(create.id)) as unknown as Tx[];
    expect(all.map((t) => t.id).sort()).toEqual([create.id, transfer.id].sort());
    const transfers = (await conn.listTransactions(create.id, 'TRANSFER' as never)) as unknown as Tx[];
    expect(transfers.map((t) => t.id)).toEqual([transfer.id]);
  });

  it('searchAssets and searchMetadata find them by text', async () => {
    expect(await conn.searchAssets(serial)).toEqual([{ id: create.id, data: { kind: 'bicycle', serial } }]);
    expect(await conn.searchMetadata('sold to bob')).toEqual([
      { id: transfer.id, metadata: { note: 'sold to bob' } },
    ]);
  });

  // The driver's types describe BigchainDB 2.x (block heights); our node keeps the 0.x block
  // model (ids, {id, block, signature}), which the driver passes through unchanged.
  it('listBlocks and getBlock show the block that holds the transaction', async () => {
    const ids = (await conn.listBlocks(create.id)) as unknown as string[];
    expect(ids.length).toBeGreaterThanOrEqual(1);
    const block = (await conn.getBlock(ids[0] as never)) as unknown as {
      id: string;
      block: { transactions: Tx[] };
    };
    expect(block.id).toBe(ids[0]);
    expect(block.block.transactions.map((t) => t.id)).toContain(create.id);
  });

  it('a double spend is refused with HTTP 400 and never reaches the backlog', async () => {
    const again = driver.Transaction.makeTransferTransaction(
      [{ tx: create as never, output_index: 0 }],
      [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(alice.publicKey))],
      { note: 'double spend' },
    );
    const signed = driver.Transaction.signTransaction(again, alice.privateKey) as unknown as Tx;
    await expect(conn.postTransactionCommit(signed as never)).rejects.toMatchObject({
      status: '400 Bad Request',
    });
    const res = await fetch(`${base}/api/v1/statuses?transaction_id=${signed.id}`);
    expect(res.status).toBe(404);
  });

  it('a tampered transaction is refused with 400 and the reason', async () => {
    const tampered = { ...makeCreate({ serial: `${serial}-x` }, { a: 1 }), metadata: { a: 2 } };
    const res = await fetch(`${base}/api/v1/transactions?mode=sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tampered),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^Invalid transaction \(TX_/),
    });
  });

  it('postTransactionSync (200) and postTransactionAsync (202) accept; the tx becomes valid', async () => {
    const viaSync = makeCreate({ serial: `${serial}-sync` }, { m: 'sync' });
    const viaAsync = makeCreate({ serial: `${serial}-async` }, { m: 'async' });
    expect(((await conn.postTransactionSync(viaSync as never)) as unknown as Tx).id).toBe(viaSync.id);
    expect(((await conn.postTransactionAsync(viaAsync as never)) as unknown as Tx).id).toBe(viaAsync.id);
    for (const tx of [viaSync, viaAsync]) {
      const statusOf = async (): Promise<string> =>
        (
          (await (await fetch(`${base}/api/v1/statuses?transaction_id=${tx.id}`)).json()) as {
            status: string;
          }
        ).status;
      await waitFor(`${tx.id} valid`, async () => (await statusOf()) === 'valid', 20_000);
      expect(await statusOf()).toBe('valid');
      expect(await conn.getTransaction(tx.id)).toEqual(tx);
    }
  });
});

// policy.read "api-key" (issue 16): a second node, on its own database of the same reqlite, whose
// operator issued one key. bigchaindb-driver 4.3.0 (npm) drops the headers given to
// `new Connection(url, headers)` (its dist/node/request.js spreads them beside `headers`, not into
// them), so a driver user puts the key in the URL: `http://apikey:<key>@host:9984/api/v1/`, which
// its fetch sends as `Authorization: Basic` (the node takes the password as the key).
describe('bigchaindb-driver against a node whose policy.read is "api-key"', () => {
  const { key, record } = newApiKey('driver test', new Date());
  let home: string;
  let url: string;
  let stop: () => Promise<void>;
  let keyless: InstanceType<typeof driver.Connection>;
  let keyed: InstanceType<typeof driver.Connection>;
  let tx: Tx;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'fedlab-driver-read-'));
    ({ url, stop } = await startNode(home, {
      BIGCHAINDB_DATABASE_NAME: 'bigchain_read',
      BIGCHAINDB_POLICY_READ: 'api-key',
      BIGCHAINDB_API_KEYS: JSON.stringify([record]),
    }));
    keyless = new driver.Connection(`${url}/api/v1/`);
    keyed = new driver.Connection(`${url.replace('//', `//apikey:${key}@`)}/api/v1/`);
    tx = makeCreate({ kind: 'locked', serial: `${serial}-read` }, { note: 'read policy' });
  });
  afterAll(async () => {
    await stop?.();
    await rm(home, { recursive: true, force: true });
  });

  it('with the key the driver posts (commit) and reads', async () => {
    expect(((await keyed.postTransactionCommit(tx as never)) as unknown as Tx).id).toBe(tx.id);
    expect(await keyed.getTransaction(tx.id)).toEqual(tx);
    expect(await keyed.listOutputs(alice.publicKey, false)).toEqual([
      { transaction_id: tx.id, output_index: 0 },
    ]);
    expect(await keyed.searchAssets(`${serial}-read`)).toEqual([
      { id: tx.id, data: { kind: 'locked', serial: `${serial}-read` } },
    ]);
    // The same key as a header, as any HTTP client (or the Python driver's headers=) sends it.
    const headerForms: Record<string, string>[] = [
      { 'X-Api-Key': key },
      { authorization: `Bearer ${key}` },
      { app_id: 'x', app_key: key },
    ];
    for (const headers of headerForms) {
      const res = await fetch(`${url}/api/v1/transactions/${tx.id}`, { headers });
      expect(await res.json()).toEqual(tx);
    }
  });

  it("the driver's Connection headers never reach the node (driver 4.3.0): a read there is refused", async () => {
    // If this starts failing, the driver sends its headers: document `new Connection(url, {'X-Api-Key': key})`.
    const withHeaders = new driver.Connection(`${url}/api/v1/`, { 'X-Api-Key': key });
    await expect(withHeaders.getTransaction(tx.id)).rejects.toMatchObject({ status: '401 Unauthorized' });
  });

  it('without the key (or with a wrong one) every read is refused with 401', async () => {
    await expect(keyless.getTransaction(tx.id)).rejects.toMatchObject({ status: '401 Unauthorized' });
    await expect(keyless.listOutputs(alice.publicKey)).rejects.toMatchObject({ status: '401 Unauthorized' });
    const wrong = new driver.Connection(`${url.replace('//', `//apikey:${key}x@`)}/api/v1/`);
    await expect(wrong.searchMetadata('read policy')).rejects.toMatchObject({ status: '401 Unauthorized' });
    const res = await fetch(`${url}/api/v1/statuses?transaction_id=${tx.id}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^ApiKey /);
    expect(await res.json()).toEqual({ status: 401, message: expect.stringContaining('X-Api-Key: <key>') });
    const open = await Promise.all(['/', '/api/v1/', '/health'].map((p) => fetch(`${url}${p}`)));
    expect(open.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('without the key the driver still posts, and hears back only its own transaction', async () => {
    const unsigned = driver.Transaction.makeTransferTransaction(
      [{ tx: tx as never, output_index: 0 }],
      [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(bob.publicKey))],
      { note: 'keyless transfer' },
    );
    const transfer = driver.Transaction.signTransaction(unsigned, alice.privateKey) as unknown as Tx;
    expect(await keyless.postTransactionCommit(transfer as never)).toEqual(transfer);
    const again = driver.Transaction.makeTransferTransaction(
      [{ tx: tx as never, output_index: 0 }],
      [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(alice.publicKey))],
      { note: 'double spend' },
    );
    const signed = driver.Transaction.signTransaction(again, alice.privateKey) as unknown as Tx;
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/api/v1/transactions?mode=commit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(signed),
      });
    const refused = await post({});
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toMatch(/TX_DOUBLE_SPEND.*withheld/);
    expect(text).not.toContain(transfer.id); // who spent it is another transaction
    expect(await (await post({ 'X-Api-Key': key })).text()).toContain(transfer.id);
    expect(logs.join('\n')).not.toContain(key);
  });
});
