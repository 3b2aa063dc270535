// The commit waiter (POST mode=commit) against a hand-written status source with the store's
// `getTransactionStatus` semantics: null while unknown, then backlog, undecided, valid.
import { CommitWaiter } from '../../../../src/node/pipeline/commit-waiter.js';
import { Ingest } from '../../../../src/node/pipeline/ingest.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS } from './federation-fixture.js';
import {
  CommitTimeoutError,
  CommitWaitersFullError,
  NodeStoppedError,
} from '../../../../src/node/pipeline/errors.js';
import type { LedgerQueries, TxStatus } from '../../../../src/node/store/ledger-store.js';
import { createLogger } from '../../../../src/shared/log.js';

class FakeStatuses implements Pick<LedgerQueries, 'getTransactionStatus'> {
  readonly status = new Map<string, TxStatus>();
  calls = 0;
  failNext: Error | null = null;
  async getTransactionStatus(txId: string): Promise<TxStatus | null> {
    this.calls++;
    const e = this.failNext;
    this.failNext = null;
    if (e) throw e;
    return this.status.get(txId) ?? null;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Whether a promise has settled (without waiting for it). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return (
    (await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      Promise.resolve(marker),
    ])) !== marker
  );
}

describe('CommitWaiter', () => {
  let store: FakeStatuses;
  let lines: string[];
  let waiter: CommitWaiter;
  beforeEach(() => {
    store = new FakeStatuses();
    lines = [];
    waiter = new CommitWaiter(store, createLogger({ sink: (l) => lines.push(l) }));
  });
  afterEach(() => waiter.stop());

  test('resolves every waiter of a transaction once it is valid, not before', async () => {
    store.status.set('t', 'backlog');
    const waits = [waiter.waitValid('t', 5_000), waiter.waitValid('t', 5_000)];
    await sleep(250);
    store.status.set('t', 'undecided');
    await sleep(250);
    for (const w of waits) expect(await settled(w)).toBe(false);
    store.status.set('t', 'valid');
    await Promise.all(waits);
  });

  test('an INVALID block on the way is not the end: the wait goes on until the re-queued copy is VALID', async () => {
    store.status.set('t', 'undecided');
    const wait = waiter.waitValid('t', 5_000);
    await sleep(150);
    store.status.set('t', 'invalid'); // its block went INVALID: the election re-queues it
    await sleep(250);
    expect(await settled(wait)).toBe(false);
    store.status.set('t', 'backlog');
    await sleep(150);
    store.status.set('t', 'valid');
    await wait;
  });

  test('times out with COMMIT_TIMEOUT naming the last status; other waits go on', async () => {
    store.status.set('slow', 'undecided');
    const other = waiter.waitValid('other', 5_000);
    const error = await waiter.waitValid('slow', 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitTimeoutError);
    expect((error as CommitTimeoutError).code).toBe('COMMIT_TIMEOUT');
    expect((error as Error).message).toContain('last status: undecided');
    expect(await settled(other)).toBe(false);
    store.status.set('other', 'valid');
    await other;
  });

  test('a failed status read is logged and retried, not fatal', async () => {
    store.failNext = new Error('database unreachable');
    const wait = waiter.waitValid('t', 5_000);
    await sleep(150);
    store.status.set('t', 'valid');
    await wait;
    expect(
      lines.some((l) => l.includes('"commit_wait_check_failed"') && l.includes('database unreachable')),
    ).toBe(true);
  });

  test('polls only while someone waits', async () => {
    store.status.set('t', 'valid');
    await waiter.waitValid('t', 5_000);
    const after = store.calls;
    await sleep(300);
    expect(store.calls).toBe(after);
  });

  test('stop rejects pending waits and refuses new ones with NODE_STOPPED', async () => {
    const pending = waiter.waitValid('t', 5_000).catch((e: unknown) => e);
    await sleep(50);
    await waiter.stop();
    expect(await pending).toBeInstanceOf(NodeStoppedError);
    await expect(waiter.waitValid('u', 5_000)).rejects.toBeInstanceOf(NodeStoppedError);
    const after = store.calls;
    await sleep(250);
    expect(store.calls).toBe(after);
  });

  test('admits at most maxWaiters commits at once; one more is refused at once; a release frees a place', async () => {
    const small = new CommitWaiter(store, createLogger({ sink: (l) => lines.push(l) }), 2);
    const first = small.admit();
    const second = small.admit();
    expect(() => small.admit()).toThrow(CommitWaitersFullError);
    first();
    first(); // idempotent: a double release frees one place only
    const third = small.admit();
    expect(() => small.admit()).toThrow(/already has 2 POST \?mode=commit requests waiting/);
    second();
    third();
    await small.stop();
  });
});

describe('Ingest with the commit waiters full', () => {
  test('refuses a commit before validating or writing anything; async posts still go through', async () => {
    const [a] = MEMBERS;
    const ledger = new FakeLedger(a!, KEYS);
    const waiter = new CommitWaiter(ledger, createLogger({ level: 'silent' }), 0);
    const ingest = new Ingest(contextOf(a!, ledger), waiter, 1_000);
    const tx = createTx(a!, { n: 1 });
    await expect(ingest.submit(tx, 'commit')).rejects.toBeInstanceOf(CommitWaitersFullError);
    expect(ledger.backlog.size).toBe(0);
    await expect(ingest.submit(tx, 'async')).resolves.toMatchObject({ status: 'backlog' });
    await waiter.stop();
  });
});
