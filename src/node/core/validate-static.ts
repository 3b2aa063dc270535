import { sha3_256Hex } from '../../shared/crypto/index.js';
import { createInputCondition, conditionUri } from '../../protocol/conditions.js';
import { TransactionInvalidError } from './errors.js';
import { DEFAULT_POLICY, type FederationPolicy } from '../../protocol/policy.js';
import { checkPolicy } from './policy.js';
import { checkSchema } from './schema-check.js';
import { checkStorable, maxTransactionBytes, STORABLE_LIMITS } from './storable.js';
import { hashPayloads, signingDigest, type HashPayloads } from '../../protocol/transaction-hash.js';
import type { Transaction } from '../../protocol/types.js';
import { parseInputFulfillment, requireCondition, requireSignatures } from './validate-fulfillment.js';
import { checkOutputs } from './validate-outputs.js';

/** What the static checks learnt, so the ledger checks need not recompute it. */
export interface StaticResult {
  tx: Transaction;
  payloads: HashPayloads;
  outputAmounts: bigint[];
}

/**
 * Every rule that needs no ledger facts: storable (storable.ts, first: it also bounds the
 * nesting the others walk), schema, size, id, outputs and amounts, policy, and for a CREATE its
 * fulfillment (which must meet the owners_before condition) and signatures.
 */
export function checkStatic(candidate: unknown, policy: FederationPolicy): StaticResult {
  checkStorable(candidate);
  checkSchema(candidate);
  const tx = candidate;
  const payloads = hashPayloads(tx, true);
  const size = Buffer.byteLength(payloads.signed, 'utf8');
  const limit = maxTransactionBytes(policy.maxTransactionBytes);
  if (size > limit) {
    throw new TransactionInvalidError(
      'TX_TOO_LARGE',
      `transaction is ${size} bytes of canonical JSON; the limit is ${limit} (policy maxTransactionBytes ` +
        `${policy.maxTransactionBytes}, and never above ${STORABLE_LIMITS.maxTxBytes}, what blocks can store)`,
      tx.id,
      { size, limit },
    );
  }
  const id = sha3_256Hex(payloads.signed);
  if (id !== tx.id) {
    throw new TransactionInvalidError(
      'TX_ID_MISMATCH',
      `transaction id ${tx.id} is not the SHA3-256 of its content (${id}); it was changed after signing or hashed wrongly`,
      tx.id,
      { expected: id },
    );
  }
  const outputAmounts = checkOutputs(tx);
  checkPolicy(tx, policy);
  if (tx.operation === 'CREATE') checkCreateInput(tx, payloads);
  return { tx, payloads, outputAmounts };
}

function checkCreateInput(tx: Transaction, payloads: HashPayloads): void {
  // The schema guarantees exactly one input with fulfills null for a CREATE.
  const input = tx.inputs[0];
  if (input === undefined) return;
  const parsed = parseInputFulfillment(tx, 0);
  requireCondition(
    tx,
    0,
    parsed,
    conditionUri(createInputCondition(input.owners_before)),
    'the owners_before condition',
  );
  requireSignatures(tx, 0, parsed, signingDigest(payloads.unsigned, null));
}

/** Public form of the static checks: returns the typed transaction or throws. */
export function checkTransactionStatic(tx: unknown, policy: FederationPolicy = DEFAULT_POLICY): Transaction {
  return checkStatic(tx, policy).tx;
}
