import { parseAmount } from './amounts.js';
import { TransactionInvalidError } from './errors.js';
import type { ParsedFulfillment } from './fulfillment.js';
import type { LedgerFacts } from './ledger-facts.js';
import { signingDigest } from '../../protocol/transaction-hash.js';
import {
  assetIdOf,
  type Input,
  type Transaction,
  type TransactionLink,
  type TransferTransaction,
} from '../../protocol/types.js';
import { parseInputFulfillment, requireCondition, requireSignatures } from './validate-fulfillment.js';
import type { StaticResult } from './validate-static.js';

/** What the ledger says about a TRANSFER's inputs, fetched in one round. */
export interface InputFacts {
  sources: (Transaction | null)[];
  spenders: string[][];
}

type Answer = Transaction | null | string[];

/**
 * Every lookup a validation needs, to be awaited in ONE Promise.all (one round of latency for
 * the store, few promises on the hot path): the blocks already holding this transaction
 * (duplicate check: VALID ones, or VALID and UNDECIDED ones when `judging` a block), then per
 * input its spent transaction, then per input its spenders.
 */
export function factRequests(tx: Transaction, facts: LedgerFacts, judging = false): Promise<Answer>[] {
  const holders = judging
    ? facts.getLiveBlockIdsWithTransaction(tx.id)
    : facts.getValidBlockIdsWithTransaction(tx.id);
  const requests: Promise<Answer>[] = [holders];
  if (tx.operation !== 'TRANSFER') return requests;
  for (const input of tx.inputs) requests.push(facts.getCommittedTransaction(linkOf(input).transaction_id));
  for (const input of tx.inputs) {
    const { transaction_id, output_index } = linkOf(input);
    requests.push(facts.getSpenderIds(transaction_id, output_index));
  }
  return requests;
}

/** Splits the answers to factRequests back into their meaning. */
export function readAnswers(
  tx: Transaction,
  answers: Answer[],
): { blockIds: string[]; inputs: InputFacts | null } {
  const blockIds = answers[0] as string[];
  if (tx.operation !== 'TRANSFER') return { blockIds, inputs: null };
  const n = tx.inputs.length;
  const sources = answers.slice(1, 1 + n) as (Transaction | null)[];
  return { blockIds, inputs: { sources, spenders: answers.slice(1 + n) as string[][] } };
}

/**
 * The ledger rules of a TRANSFER, in a fixed order so each failure gets a stable code: no output
 * spent twice within it; inputs exist in a valid block; one asset; fulfillments meet the spent
 * conditions; amounts balance; outputs unspent elsewhere; signatures (last: the dearest check).
 */
export function checkTransferInputs(result: StaticResult, known: InputFacts): void {
  const tx = result.tx as TransferTransaction;
  rejectRepeatedInputs(tx);
  let totalIn = 0n;
  const fulfillments: ParsedFulfillment[] = [];
  for (let index = 0; index < tx.inputs.length; index++) {
    const input = tx.inputs[index] as Input;
    const spent = requireSpentOutput(tx, index, input, known.sources[index] ?? null);
    if (assetIdOf(spent.source) !== tx.asset.id) {
      throw new TransactionInvalidError(
        'TX_ASSET_MISMATCH',
        `input ${index} spends asset ${assetIdOf(spent.source)} but the transaction moves asset ${tx.asset.id}; a TRANSFER moves one asset`,
        tx.id,
        { inputIndex: index, inputAsset: assetIdOf(spent.source), asset: tx.asset.id },
      );
    }
    const parsed = parseInputFulfillment(tx, index);
    requireCondition(tx, index, parsed, spent.output.condition.uri, 'the spent output condition');
    fulfillments.push(parsed);
    totalIn += parseAmount(spent.output.amount, spent.source.id, linkOf(input).output_index);
  }
  requireBalanced(tx, totalIn, result.outputAmounts);
  rejectSpent(tx, known.spenders);
  tx.inputs.forEach((input, index) => {
    const parsed = fulfillments[index];
    if (parsed !== undefined)
      requireSignatures(tx, index, parsed, signingDigest(result.payloads.unsigned, input.fulfills));
  });
}

function linkOf(input: Input): TransactionLink {
  // The TRANSFER schema requires fulfills; this only narrows the type.
  return input.fulfills ?? { transaction_id: '', output_index: -1 };
}

function rejectRepeatedInputs(tx: Transaction): void {
  if (tx.inputs.length < 2) return;
  const seen = new Set<string>();
  tx.inputs.forEach((input, index) => {
    const { transaction_id, output_index } = linkOf(input);
    const key = `${transaction_id}:${output_index}`;
    if (seen.has(key)) {
      throw new TransactionInvalidError(
        'TX_INPUT_DUPLICATE',
        `input ${index} spends output ${output_index} of ${transaction_id} a second time in the same transaction`,
        tx.id,
        { inputIndex: index, spends: { transaction_id, output_index } },
      );
    }
    seen.add(key);
  });
}

function requireSpentOutput(tx: Transaction, index: number, input: Input, source: Transaction | null) {
  const { transaction_id, output_index } = linkOf(input);
  const output = source?.outputs[output_index];
  if (source === null || output === undefined) {
    throw new TransactionInvalidError(
      'TX_INPUT_MISSING',
      source === null
        ? `input ${index} spends transaction ${transaction_id}, which is not in a valid block (unknown, or not yet elected valid)`
        : `input ${index} spends output ${output_index} of ${transaction_id}, which has only ${source.outputs.length} output(s)`,
      tx.id,
      { inputIndex: index, spends: { transaction_id, output_index } },
    );
  }
  return { source, output };
}

function requireBalanced(tx: Transaction, totalIn: bigint, outputAmounts: readonly bigint[]): void {
  const totalOut = outputAmounts.reduce((a, b) => a + b, 0n);
  if (totalIn === totalOut) return;
  throw new TransactionInvalidError(
    'TX_AMOUNT_MISMATCH',
    `inputs carry ${totalIn} but outputs carry ${totalOut}; a TRANSFER must move exactly what it spends`,
    tx.id,
    { totalIn: totalIn.toString(), totalOut: totalOut.toString() },
  );
}

function rejectSpent(tx: Transaction, spenders: readonly string[][]): void {
  spenders.forEach((ids, index) => {
    const other = ids.find((id) => id !== tx.id);
    if (other === undefined) return;
    const { transaction_id, output_index } = linkOf(tx.inputs[index] as Input);
    throw new TransactionInvalidError(
      'TX_DOUBLE_SPEND',
      `input ${index} spends output ${output_index} of ${transaction_id}, already spent by transaction ${other}`,
      tx.id,
      { inputIndex: index, spentBy: other, spends: { transaction_id, output_index } },
    );
  });
}
