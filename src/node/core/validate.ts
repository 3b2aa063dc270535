import { TransactionInvalidError } from './errors.js';
import type { LedgerFacts } from './ledger-facts.js';
import { DEFAULT_POLICY, type FederationPolicy } from '../../protocol/policy.js';
import type { Transaction } from '../../protocol/types.js';
import { checkStatic } from './validate-static.js';
import { checkTransferInputs, factRequests, readAnswers } from './validate-transfer.js';

/**
 * Where a validation happens. While judging block `blockId` (a vote), that block's own copy is
 * no duplicate, and a copy in ANY other block that is VALID or UNDECIDED is (BigchainDB's
 * is_new_transaction): each voter then votes valid on at most one of two blocks sharing a
 * transaction, majorities intersect, so at most one of them can be VALID even when a verdict
 * and its vote are far apart in time. Both INVALID is fine: the election re-queues it once.
 */
export interface ValidationContext {
  blockId?: string;
}

/**
 * Validates a transaction against spec v2.0, the ledger and the federation policy. Returns it
 * typed, or throws TransactionInvalidError with a stable code; other errors are bugs or facts
 * failures (I/O) and propagate unchanged.
 */
export async function validateTransaction(
  tx: unknown,
  facts: LedgerFacts,
  policy: FederationPolicy = DEFAULT_POLICY,
  ctx: ValidationContext = {},
): Promise<Transaction> {
  const result = checkStatic(tx, policy);
  const { inputs, blockIds } = readAnswers(
    result.tx,
    await Promise.all(factRequests(result.tx, facts, ctx.blockId !== undefined)),
  );
  if (inputs !== null) checkTransferInputs(result, inputs);
  const elsewhere = blockIds.filter((id) => id !== ctx.blockId);
  if (elsewhere.length > 0) {
    throw new TransactionInvalidError(
      'TX_DUPLICATE',
      ctx.blockId === undefined
        ? `transaction ${result.tx.id} is already in valid block ${elsewhere[0]}`
        : `transaction ${result.tx.id} is already in another valid or undecided block ${elsewhere[0]}`,
      result.tx.id,
      { blockIds: elsewhere },
    );
  }
  return result.tx;
}

export interface BlockTransactionsResult {
  valid: Transaction[];
  invalid: { tx: unknown; error: TransactionInvalidError }[];
}

/**
 * Validates a list bound for (or held by) one block. Beyond each transaction's own rules, a
 * repeated id and a second spender of the same output are rejected; the earlier one in the
 * list wins, so the block builder can keep it and send the loser back.
 */
export async function validateBlockTransactions(
  txs: readonly unknown[],
  facts: LedgerFacts,
  policy: FederationPolicy = DEFAULT_POLICY,
  ctx: ValidationContext = {},
): Promise<BlockTransactionsResult> {
  const outcomes = await Promise.allSettled(txs.map((tx) => validateTransaction(tx, facts, policy, ctx)));
  const result: BlockTransactionsResult = { valid: [], invalid: [] };
  const ids = new Set<string>();
  const spentBy = new Map<string, string>();
  outcomes.forEach((outcome, index) => {
    const raw = txs[index];
    if (outcome.status === 'rejected') {
      if (outcome.reason instanceof TransactionInvalidError)
        return void result.invalid.push({ tx: raw, error: outcome.reason });
      throw outcome.reason; // facts failure or bug: the caller must not mistake it for a verdict
    }
    const conflict = inListConflict(outcome.value, ids, spentBy);
    if (conflict !== null) return void result.invalid.push({ tx: raw, error: conflict });
    result.valid.push(outcome.value);
  });
  return result;
}

function inListConflict(
  tx: Transaction,
  ids: Set<string>,
  spentBy: Map<string, string>,
): TransactionInvalidError | null {
  if (ids.has(tx.id)) {
    return new TransactionInvalidError(
      'TX_DUPLICATE',
      `transaction ${tx.id} appears twice in the same block`,
      tx.id,
    );
  }
  const keys = tx.inputs.flatMap((i) =>
    i.fulfills ? [`${i.fulfills.transaction_id}:${i.fulfills.output_index}`] : [],
  );
  const clash = keys.find((k) => spentBy.has(k));
  if (clash !== undefined) {
    return new TransactionInvalidError(
      'TX_DOUBLE_SPEND',
      `transaction ${tx.id} spends output ${clash} that transaction ${spentBy.get(clash)} in the same block already spends`,
      tx.id,
      { output: clash, spentBy: spentBy.get(clash) },
    );
  }
  ids.add(tx.id);
  for (const k of keys) spentBy.set(k, tx.id);
  return null;
}
