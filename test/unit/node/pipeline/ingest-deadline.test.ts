// Ingest's accept deadline (issue 16): a database that cannot take the write is a 503-shaped
// DatabaseUnavailableError within the deadline, never a hold; a late write is harmless and the
// same transaction posted again writes nothing more.
import { RethinkDBError } from 'rethinkdb-ts/lib/error/error.js';
import { ErrorType } from 'rethinkdb-ts/lib/proto/enums.js';
import type { Transaction } from '../../../../src/node/core/index.js';
import { CommitWaiter } from '../../../../src/node/pipeline/commit-waiter.js';
import { Ingest, type IngestStore } from '../../../../src/node/pipeline/ingest.js';
import type { Unavailability } from '../../../../src/node/store/availability.js';
import { DatabaseUnavailableError } from '../../../../src/node/store/errors.js';
import type { BacklogWriteOptions, TxStatus } from '../../../../src/node/store/ledger-store.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS } from './federation-fixture.js';

const PRIMARY_GONE = 'Cannot perform write: primary replica for shard ["", +inf) not available';

/** The fake ledger behind a database that can hold writes back or refuse them. */
class SlowDatabase implements IngestStore {
  readonly ledger = new FakeLedger(MEMBERS[0], KEYS);
  readonly facts = this.ledger.facts;
  writes = 0;
  budgets: (number | undefined)[] = [];
  /** While set, a write waits for it (a paused server); release() lets the held writes land. */
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  refuseWith: Error | undefined;
  seen: Unavailability | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }
  async getTransactionStatus(txId: string): Promise<TxStatus | null> {
    return this.ledger.getTransactionStatus(txId);
  }
  async writeBacklog(tx: Transaction, assignee: string, options?: BacklogWriteOptions): Promise<boolean> {
    this.budgets.push(options?.retryBudgetMs);
    if (this.refuseWith) throw this.refuseWith;
    await this.gate;
    this.writes++;
    return this.ledger.writeBacklog(tx, assignee, options);
  }
  recentUnavailability(): Unavailability | undefined {
    return this.seen;
  }
}

let db: SlowDatabase;
let waiter: CommitWaiter;
const ingestWith = (timeoutMs: number) => new Ingest(contextOf(MEMBERS[0], db), waiter, 1_000, timeoutMs);

beforeEach(() => {
  db = new SlowDatabase();
  waiter = new CommitWaiter(db, silentLogger);
});
afterEach(async () => {
  db.release();
  await waiter.stop();
});

async function refusal(p: Promise<unknown>): Promise<{ error: DatabaseUnavailableError; ms: number }> {
  const started = performance.now();
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseUnavailableError);
  return { error: error as DatabaseUnavailableError, ms: performance.now() - started };
}

describe('Ingest with a database that cannot take the write', () => {
  test('a held write: refused at the deadline, naming the problem; the late write lands once', async () => {
    const ingest = ingestWith(300);
    const tx = createTx(MEMBERS[0], { n: 1 });
    db.hold();
    db.seen = { kind: 'primary-changing', problem: PRIMARY_GONE };
    const { error, ms } = await refusal(ingest.submit(tx, 'async'));
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(600);
    expect(error.code).toBe('DB_UNAVAILABLE');
    expect(error.retryAfterSec).toBeGreaterThan(0);
    expect(error.details).toMatchObject({ kind: 'primary-changing', phase: 'writing', txId: tx.id });
    expect(error.message).toContain(PRIMARY_GONE);
    expect(error.message).toMatch(/may still be stored: post it again in \d+ s/);
    // The write had at most what was left of the deadline to retry in.
    expect(db.budgets[0]).toBeGreaterThan(200);
    expect(db.budgets[0]).toBeLessThan(300);

    db.release(); // the server comes back: the held write lands after the answer
    await new Promise((r) => setTimeout(r, 20));
    expect(db.writes).toBe(1);
    // Posted again: it waits in the backlog already, nothing is written twice.
    await expect(ingest.submit(tx, 'async')).resolves.toMatchObject({ status: 'backlog' });
    expect(db.writes).toBe(1);
    expect([...db.ledger.backlog.keys()]).toEqual([tx.id]);
  });

  test('no problem recorded: "no answer from the database"', async () => {
    db.hold();
    const { error } = await refusal(ingestWith(100).submit(createTx(MEMBERS[0], { n: 2 }), 'sync'));
    expect(error.details.kind).toBe('no-answer');
    expect(error.message).toMatch(/no answer from the database/);
  });

  test('a write refused as unavailable (after the store retried it) is the same answer, at once', async () => {
    db.refuseWith = new RethinkDBError(PRIMARY_GONE, { responseErrorType: ErrorType.OP_FAILED });
    const { error, ms } = await refusal(ingestWith(800).submit(createTx(MEMBERS[0], { n: 3 }), 'async'));
    expect(ms).toBeLessThan(200);
    expect(error.details).toMatchObject({ kind: 'primary-changing', problem: PRIMARY_GONE });
    expect(error.cause).toBe(db.refuseWith);
  });

  test('a read that hangs before the write: "nothing was stored"', async () => {
    const tx = createTx(MEMBERS[0], { n: 4 });
    db.getTransactionStatus = () => new Promise(() => undefined);
    const { error } = await refusal(ingestWith(100).submit(tx, 'async'));
    expect(error.details.phase).toBe('reading');
    expect(error.message).toMatch(/could not check transaction .* nothing was stored/);
    expect(db.budgets).toEqual([]);
  });

  test('any other failure is not an outage: it passes unchanged (a 500, logged)', async () => {
    const bug = new TypeError('x is undefined');
    db.refuseWith = bug;
    await expect(ingestWith(800).submit(createTx(MEMBERS[0], { n: 5 }), 'async')).rejects.toBe(bug);
  });

  test('a commit: the deadline covers the write only, then it waits for VALID as before', async () => {
    db.hold();
    const { error } = await refusal(ingestWith(100).submit(createTx(MEMBERS[0], { n: 6 }), 'commit'));
    expect(error.details.phase).toBe('writing');
  });
});
