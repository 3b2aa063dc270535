// Issue 16: one row no block can hold never blocks the others (block-isolation.ts), and a block
// takes no more than it can store (block-budget.ts).
import { r } from 'rethinkdb-ts';
import { STORABLE_LIMITS, type Block, type Transaction } from '../../../../src/node/core/index.js';
import { takeForBlock } from '../../../../src/node/pipeline/block-budget.js';
import { writeIsolating } from '../../../../src/node/pipeline/block-isolation.js';
import { createBlockStage } from '../../../../src/node/pipeline/block-stage.js';
import { isUnstorableContentError } from '../../../../src/node/store/content-errors.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS, Running, until } from './federation-fixture.js';

const [A] = MEMBERS;

/** The driver's own error for a too deep document (RethinkDBError, type PARSE). */
function nestingError(): unknown {
  let v: unknown = 1;
  for (let i = 0; i < 30; i++) v = { a: v };
  try {
    r.expr(v);
  } catch (e) {
    return e;
  }
  throw new Error('expected the driver to refuse');
}

const txs = Array.from({ length: 7 }, (_, i) => createTx(A!, { n: i }));
const poisoned = new Set([txs[2]!.id, txs[5]!.id]);

describe('writeIsolating', () => {
  it('writes the rows around the ones no write can store, and names those with the reason', async () => {
    const written: string[][] = [];
    const write = async (batch: readonly Transaction[]): Promise<void> => {
      if (batch.some((tx) => poisoned.has(tx.id))) throw nestingError();
      written.push(batch.map((tx) => tx.id));
    };
    const outcome = await writeIsolating(txs, write, isUnstorableContentError);
    expect(outcome.written.map((tx) => tx.id).sort()).toEqual(
      txs
        .filter((tx) => !poisoned.has(tx.id))
        .map((tx) => tx.id)
        .sort(),
    );
    expect(outcome.rejected).toEqual([
      { txId: txs[2]!.id, reason: expect.stringContaining('Nesting depth limit exceeded') },
      { txId: txs[5]!.id, reason: expect.stringContaining('Nesting depth limit exceeded') },
    ]);
    expect(written.flat()).toHaveLength(5); // each honest row in exactly one block
  });

  it('an outage is not about rows: it propagates and nothing is rejected', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(writeIsolating(txs, () => Promise.reject(outage), isUnstorableContentError)).rejects.toBe(
      outage,
    );
  });

  it('a content error every row hits alone is the database, not a row: it propagates', async () => {
    const e = nestingError();
    await expect(writeIsolating(txs, () => Promise.reject(e), isUnstorableContentError)).rejects.toBe(e);
  });

  it('a single row that cannot be written is rejected', async () => {
    const outcome = await writeIsolating(
      [txs[2]!],
      () => Promise.reject(nestingError()),
      isUnstorableContentError,
    );
    expect(outcome.rejected.map((x) => x.txId)).toEqual([txs[2]!.id]);
  });
});

describe('isUnstorableContentError', () => {
  it('is true for the driver refusing a document, false for outages and plain errors', () => {
    expect(isUnstorableContentError(nestingError())).toBe(true);
    expect(isUnstorableContentError(new Error('Nesting depth limit exceeded'))).toBe(false);
    expect(isUnstorableContentError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
  });
});

describe('takeForBlock', () => {
  it('takes up to maxTxs', () => {
    expect(takeForBlock(txs, 3)).toEqual(txs.slice(0, 3));
  });

  it('stops before the block would exceed its byte budget, but always takes the first row', () => {
    const bytes = Buffer.byteLength(JSON.stringify(txs[0]));
    const perBlock = Math.floor(STORABLE_LIMITS.maxBlockTxBytes / bytes);
    const many = Array.from({ length: perBlock + 5 }, () => txs[0]!);
    expect(takeForBlock(many, 1_000_000)).toHaveLength(perBlock);
    const huge = { ...txs[0]!, metadata: { blob: 'x'.repeat(STORABLE_LIMITS.maxBlockTxBytes) } };
    expect(takeForBlock([huge, txs[1]!], 10)).toEqual([huge]);
  });

  it('never more entries in one multi-index than the server array limit', () => {
    const keys = Array.from({ length: 50_000 }, () => A!.publicKey);
    const wide = { ...txs[0]!, outputs: [{ ...txs[0]!.outputs[0]!, public_keys: keys }] };
    expect(takeForBlock([wide, wide, wide], 10)).toHaveLength(2);
  });
});

describe('block stage with a row the store cannot write', () => {
  const running = new Running();
  afterEach(() => running.stopAll());

  it('writes the honest rows, deletes the poisoned one, logs it and counts it in its health', async () => {
    class PickyLedger extends FakeLedger {
      override async writeBlock(block: Block): Promise<void> {
        if (block.block.transactions.some((tx) => poisoned.has(tx.id))) throw nestingError();
        return super.writeBlock(block);
      }
    }
    const store = new PickyLedger(A!, KEYS);
    for (const tx of txs) await store.writeBacklog(tx, A!.publicKey);
    const stage = createBlockStage(contextOf(A!, store), { maxTxs: 10, maxWaitMs: 0, intervalMs: 60_000 });
    running.start(stage);
    await until('the backlog empty', () => store.backlog.size === 0);
    const inBlocks = [...store.blocks.values()].flatMap((b) => b.block.transactions.map((tx) => tx.id));
    expect(inBlocks.sort()).toEqual(
      txs
        .filter((tx) => !poisoned.has(tx.id))
        .map((tx) => tx.id)
        .sort(),
    );
    expect(stage.health().rejectedRows).toMatchObject({ count: 2, last: { txId: txs[5]!.id } });
    expect(stage.health().lastError).toBeNull();
  });
});
