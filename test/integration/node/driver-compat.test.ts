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

type Tx = { id: string; operation: string; outputs: unknown[] } & Record<string, unknown>;

let db: ReqliteProcess;
let dir: string;
let base: string;
let stopNode: (signal: string) => void;
let exited: Promise<number>;
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

beforeAll(async () => {
  db = await startReqlite();
  dir = await mkdtemp(join(tmpdir(), 'fedlab-driver-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    HOME: dir,
    BIGCHAINDB_DATABASE_HOST: db.host,
    BIGCHAINDB_DATABASE_PORT: String(db.port),
    BIGCHAINDB_SERVER_BIND: `127.0.0.1:${port}`,
    BIGCHAINDB_BLOCK_FLUSH_INTERVAL_MS: '100',
    BIGCHAINDB_LOG_LEVEL: 'info',
  };
  const real = processContext();
  const ctx = {
    ...real,
    env,
    io: { ...real.io, out: (l: string) => logs.push(l), err: (l: string) => logs.push(l) },
    logSink: (l: string) => logs.push(l),
  };
  const config = join(dir, '.bigchaindb');
  expect(await runCli(['-c', config, 'configure', '-y'], ctx)).toBe(0);
  expect(JSON.parse(await readFile(config, 'utf8'))).toMatchObject({ database: { port: db.port } });
  const shutdown = new Promise<string>((resolve) => (stopNode = resolve));
  exited = runCli(['-c', config, 'start'], { ...ctx, waitForShutdown: () => shutdown });
  await waitHealthy(base, 60_000);
});

afterAll(async () => {
  stopNode?.('test-end');
  const code = await exited;
  await db?.stop();
  await rm(dir, { recursive: true, force: true });
  expect(code).toBe(0);
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
