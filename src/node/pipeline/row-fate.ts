/**
 * What the block stage does with each backlog row it read: put it in the block, delete it (done
 * or invalid for good), or keep it pending because its conflict is with an UNDECIDED block only.
 */
import {
  TransactionInvalidError,
  validateBlockTransactions,
  type FederationPolicy,
  type Transaction,
} from '../core/index.js';
import type { BacklogRow, BlockLookup, FactsSource } from '../store/ledger-store.js';

export interface RowFate {
  /** Valid, in backlog order (in-list conflicts: the earlier row wins). */
  valid: Transaction[];
  /** In a VALID block already: the work is done. */
  done: string[];
  /** Invalid against VALID blocks (or for good: schema, signature, ...). */
  invalid: { txId: string; code: string; reason: string }[];
  /** In conflict only with an UNDECIDED block, or with a row of this batch: wait for the decision. */
  pending: { txId: string; reason: string }[];
}

export async function sortRows(
  store: BlockLookup & FactsSource,
  rows: readonly BacklogRow[],
  policy: FederationPolicy,
): Promise<RowFate> {
  const fate: RowFate = { valid: [], done: [], invalid: [], pending: [] };
  const where = await Promise.all(rows.map((row) => liveBlockStatusOf(store, row.tx.id)));
  const fresh: Transaction[] = [];
  rows.forEach((row, i) => {
    if (where[i] === 'valid') fate.done.push(row.tx.id);
    else if (where[i] === 'undecided')
      fate.pending.push({ txId: row.tx.id, reason: 'in an undecided block' });
    else fresh.push(row.tx);
  });
  const { valid, invalid } = await validateBlockTransactions(fresh, store.facts, policy);
  fate.valid = valid;
  for (const { tx, error } of invalid) {
    const txId = idOf(tx);
    if (await onlyUndecidedConflict(store, error)) fate.pending.push({ txId, reason: error.message });
    else fate.invalid.push({ txId, code: error.code, reason: error.message });
  }
  return fate;
}

/**
 * A double spend whose other spender is not (yet) in a VALID block: that spender's block is
 * undecided, or it is a row of this very batch. Only a VALID spender makes the row a double
 * spend for good; the decision of the undecided block settles it at a later look.
 */
async function onlyUndecidedConflict(store: FactsSource, error: TransactionInvalidError): Promise<boolean> {
  if (error.code !== 'TX_DOUBLE_SPEND') return false;
  const spentBy = error.details?.spentBy;
  if (typeof spentBy !== 'string') return false;
  return (await store.facts.getValidBlockIdsWithTransaction(spentBy)).length === 0;
}

function idOf(tx: unknown): string {
  return typeof tx === 'object' && tx !== null && typeof (tx as { id?: unknown }).id === 'string'
    ? (tx as { id: string }).id
    : '?';
}

/** True when the transaction is already in a VALID or UNDECIDED block. */
export async function alreadyInLiveBlock(store: BlockLookup, txId: string): Promise<boolean> {
  return (await liveBlockStatusOf(store, txId)) !== null;
}

/** `valid` when the transaction is in a VALID block, else `undecided` when in an UNDECIDED one, else null. */
export async function liveBlockStatusOf(
  store: BlockLookup,
  txId: string,
): Promise<'valid' | 'undecided' | null> {
  let found: 'undecided' | null = null;
  for (const blockId of await store.getBlockIdsContaining(txId)) {
    const status = await store.getBlockStatus(blockId);
    if (status === 'valid') return 'valid';
    if (status === 'undecided') found = 'undecided';
  }
  return found;
}
