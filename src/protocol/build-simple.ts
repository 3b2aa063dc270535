import type { Keypair } from '../shared/crypto/index.js';
import { TransactionBuildError } from './errors.js';
import { makeCreate, makeOutput, makeTransfer, signTransaction } from './transaction-build.js';
import type { Metadata, Transaction } from './types.js';

/** A signed single-issuer CREATE of one output (amount `amount`, default '1') owned by `owner`. */
export function buildCreate(
  issuer: Keypair,
  data: Record<string, unknown> | null,
  metadata: Metadata = null,
  owner: string = issuer.publicKey,
  amount = '1',
): Transaction {
  const tx = makeCreate({
    asset: data,
    metadata,
    outputs: [makeOutput(owner, amount)],
    issuers: [issuer.publicKey],
  });
  return signTransaction(tx, [issuer.privateKey]);
}

/** Spends output `outputIndex` of `spent` (owned by `ownerPrivateKey` alone) whole to `recipient`. */
export function buildTransfer(
  spent: Transaction,
  outputIndex: number,
  ownerPrivateKey: string,
  recipient: string,
  metadata: Metadata = null,
): Transaction {
  const output = spent.outputs[outputIndex];
  if (output === undefined) {
    throw new TransactionBuildError(`transaction ${spent.id} has no output ${outputIndex} to spend`, {
      txId: spent.id,
      outputIndex,
    });
  }
  const tx = makeTransfer({
    spend: [{ tx: spent, outputIndex }],
    outputs: [makeOutput(recipient, output.amount)],
    metadata,
  });
  return signTransaction(tx, [ownerPrivateKey]);
}
