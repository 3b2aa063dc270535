import { TransactionInvalidError } from './errors.js';
import { assetValidator, describeAjvErrors } from './schema-check.js';
import type { Transaction } from './types.js';

/** The federation's answers to the seed's "basic questions"; every node enforces the same one. */
export interface FederationPolicy {
  /** who may CREATE: anyone, or only these public keys (every owners_before key must be listed) */
  create: 'anyone' | string[];
  /** whether TRANSFER is allowed, and whether its metadata may be non-null */
  transfer: { allowed: boolean; metadata: 'allowed' | 'forbidden' };
  /** JSON Schema that CREATE asset.data must satisfy (null: anything) */
  assetSchema: Record<string, unknown> | null;
  /** upper bound on the canonical JSON size of a transaction, in bytes */
  maxTransactionBytes: number;
}

export const DEFAULT_MAX_TRANSACTION_BYTES = 15_360;

export const DEFAULT_POLICY: Readonly<FederationPolicy> = Object.freeze({
  create: 'anyone',
  transfer: Object.freeze({ allowed: true, metadata: 'allowed' }),
  assetSchema: null,
  maxTransactionBytes: DEFAULT_MAX_TRANSACTION_BYTES,
}) as FederationPolicy;

export function makePolicy(partial: Partial<FederationPolicy> = {}): FederationPolicy {
  return { ...DEFAULT_POLICY, ...partial };
}

/** Throws the TX_POLICY_* error for the first rule of `policy` that `tx` breaks. */
export function checkPolicy(tx: Transaction, policy: FederationPolicy): void {
  if (tx.operation === 'CREATE') return checkCreatePolicy(tx, policy);
  if (!policy.transfer.allowed) {
    throw new TransactionInvalidError(
      'TX_POLICY_TRANSFER',
      'this federation does not allow TRANSFER transactions',
      tx.id,
    );
  }
  if (policy.transfer.metadata === 'forbidden' && tx.metadata !== null) {
    throw new TransactionInvalidError(
      'TX_POLICY_METADATA',
      'this federation forbids metadata on TRANSFER transactions; send metadata: null',
      tx.id,
    );
  }
}

function checkCreatePolicy(
  tx: Extract<Transaction, { operation: 'CREATE' }>,
  policy: FederationPolicy,
): void {
  if (policy.create !== 'anyone') {
    const allowed = policy.create;
    for (const input of tx.inputs) {
      const outsider = input.owners_before.find((k) => !allowed.includes(k));
      if (outsider !== undefined) {
        throw new TransactionInvalidError(
          'TX_POLICY_CREATE',
          `public key ${outsider} may not CREATE assets in this federation (${allowed.length} key(s) may); ask its operators to add it`,
          tx.id,
          { publicKey: outsider },
        );
      }
    }
  }
  if (policy.assetSchema !== null) {
    const validate = assetValidator(policy.assetSchema);
    if (!validate(tx.asset.data)) {
      const problem = describeAjvErrors(validate.errors);
      throw new TransactionInvalidError(
        'TX_POLICY_ASSET_SCHEMA',
        `asset.data does not match the federation's asset schema: ${problem}`,
        tx.id,
        { problem },
      );
    }
  }
}
