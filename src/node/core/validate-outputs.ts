import { isPublicKey } from '../../shared/crypto/index.js';
import { parseAmount } from './amounts.js';
import { conditionUri, MAX_CONDITION_DEPTH, publicKeysOf } from '../../protocol/conditions.js';
import { TransactionInvalidError } from './errors.js';
import type { ConditionDetails, Output, Transaction } from '../../protocol/types.js';

/** Checks every output (amount, condition structure, uri, public_keys); returns the amounts. */
export function checkOutputs(tx: Transaction): bigint[] {
  return tx.outputs.map((output, index) => {
    checkCondition(output, index, tx.id);
    return parseAmount(output.amount, tx.id, index);
  });
}

function checkCondition(output: Output, index: number, txId: string): void {
  const problem = structureProblem(output.condition.details, 0);
  if (problem !== null) {
    throw new TransactionInvalidError('TX_SCHEMA', `output ${index} condition: ${problem}`, txId, {
      outputIndex: index,
    });
  }
  const expected = conditionUri(output.condition.details);
  if (output.condition.uri !== expected) {
    throw new TransactionInvalidError(
      'TX_OUTPUT_CONDITION_MISMATCH',
      `output ${index} condition uri "${output.condition.uri}" does not match its details (expected "${expected}")`,
      txId,
      { outputIndex: index, uri: output.condition.uri, expected },
    );
  }
  if (!listsExactlyItsKeys(output)) {
    const keys = publicKeysOf(output.condition.details);
    const listed = output.public_keys;
    throw new TransactionInvalidError(
      'TX_OUTPUT_CONDITION_MISMATCH',
      `output ${index} public_keys [${listed.join(', ')}] must list each key of its condition once: [${keys.join(', ')}]`,
      txId,
      { outputIndex: index },
    );
  }
}

/** public_keys names each leaf key of the condition exactly once (any order). */
function listsExactlyItsKeys(output: Output): boolean {
  const listed = output.public_keys;
  const details = output.condition.details;
  if (details.type === 'ed25519-sha-256') return listed.length === 1 && listed[0] === details.public_key; // the common case
  const keys = publicKeysOf(details);
  return (
    new Set(listed).size === listed.length &&
    listed.length === keys.length &&
    keys.every((k) => listed.includes(k))
  );
}

/** What the schema cannot say: nesting depth, threshold <= subconditions, 32-byte keys. */
function structureProblem(details: ConditionDetails, depth: number): string | null {
  if (depth > MAX_CONDITION_DEPTH) return `nested deeper than ${MAX_CONDITION_DEPTH} levels`;
  if (details.type === 'ed25519-sha-256') {
    return isPublicKey(details.public_key)
      ? null
      : `"${details.public_key}" is not a 32-byte base58 public key`;
  }
  if (details.threshold > details.subconditions.length) {
    return `threshold ${details.threshold} exceeds its ${details.subconditions.length} subconditions`;
  }
  for (const sub of details.subconditions) {
    const p = structureProblem(sub, depth + 1);
    if (p !== null) return p;
  }
  return null;
}
