import { TransactionInvalidError } from './errors.js';
import { assetValidator, describeAjvErrors } from './schema-check.js';
import type { FederationPolicy } from '../../protocol/policy.js';
import type { Transaction } from '../../protocol/types.js';

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
