/**
 * One row that cannot be stored never blocks the others (issue 16): when a block write fails
 * because of its content, the batch is split in halves and each written on its own, down to the
 * single transaction that cannot be written, which is rejected with the database's reason. An
 * outage (or any error that is not about content) propagates unchanged: the tick fails and is
 * retried, nothing is rejected. So is a content error that every row of a batch of several hits
 * alone: that is the database or our query, not one row.
 */
import { describeError } from '../../shared/errors.js';
import type { Transaction } from '../core/index.js';

export interface IsolationOutcome {
  /** Transactions that are now in a written block. */
  written: Transaction[];
  /** Transactions no block can hold, with why. */
  rejected: { txId: string; reason: string }[];
}

export async function writeIsolating(
  txs: readonly Transaction[],
  write: (txs: readonly Transaction[]) => Promise<void>,
  isContentError: (e: unknown) => boolean,
): Promise<IsolationOutcome> {
  const outcome = await isolate(txs, write, isContentError);
  if (txs.length > 1 && outcome.written.length === 0) {
    // Every row failed alone: not one bad row. Fail the tick (retried) instead of dropping them.
    throw outcome.firstError;
  }
  return { written: outcome.written, rejected: outcome.rejected };
}

async function isolate(
  txs: readonly Transaction[],
  write: (txs: readonly Transaction[]) => Promise<void>,
  isContentError: (e: unknown) => boolean,
): Promise<IsolationOutcome & { firstError?: unknown }> {
  try {
    await write(txs);
    return { written: [...txs], rejected: [] };
  } catch (e) {
    if (!isContentError(e)) throw e;
    const only = txs.length === 1 ? txs[0] : undefined;
    if (only !== undefined)
      return { written: [], rejected: [{ txId: only.id, reason: describeError(e) }], firstError: e };
    const mid = Math.ceil(txs.length / 2);
    const left = await isolate(txs.slice(0, mid), write, isContentError);
    const right = await isolate(txs.slice(mid), write, isContentError);
    return {
      written: [...left.written, ...right.written],
      rejected: [...left.rejected, ...right.rejected],
      firstError: left.firstError ?? right.firstError ?? e,
    };
  }
}
