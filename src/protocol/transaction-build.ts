import { decodeKey, keypairFromPrivateKey, signBytes } from '../shared/crypto/index.js';
import { conditionUri, createInputCondition, makeEd25519Condition, publicKeysOf } from './conditions.js';
import { TransactionBuildError } from './errors.js';
import { ed25519FulfillmentUri, thresholdFulfillmentUri } from './fulfillment-build.js';
import { computeTransactionId, hashPayloads, signingDigest } from './transaction-hash.js';
import type {
  ConditionDetails,
  Input,
  Metadata,
  Output,
  OutputCondition,
  Transaction,
  UnsignedTransaction,
} from './types.js';

/** An output locked by `condition` (or by a single public key) holding `amount`. */
export function makeOutput(condition: OutputCondition | string, amount = '1'): Output {
  const cond = typeof condition === 'string' ? makeEd25519Condition(condition) : condition;
  return { condition: cond, amount, public_keys: publicKeysOf(cond.details) };
}

/** A CREATE with ONE input (spec v2.0); several issuers share it as an n-of-n threshold. */
export function makeCreate(args: {
  asset: Record<string, unknown> | null;
  metadata?: Metadata;
  outputs: Output[];
  issuers: string[];
}): UnsignedTransaction {
  if (args.issuers.length === 0) throw new TransactionBuildError('a CREATE needs at least one issuer');
  return {
    id: null,
    version: '2.0',
    operation: 'CREATE',
    asset: { data: args.asset },
    metadata: args.metadata ?? null,
    inputs: [{ fulfillment: null, fulfills: null, owners_before: [...args.issuers] }],
    outputs: args.outputs,
  };
}

/** A TRANSFER spending the given outputs; asset id taken from the first spent transaction. */
export function makeTransfer(args: {
  spend: { tx: Transaction; outputIndex: number }[];
  outputs: Output[];
  metadata?: Metadata;
}): UnsignedTransaction {
  const first = args.spend[0];
  if (first === undefined) throw new TransactionBuildError('a TRANSFER needs at least one output to spend');
  const inputs = args.spend.map(({ tx, outputIndex }) => {
    const spent = tx.outputs[outputIndex];
    if (spent === undefined) {
      throw new TransactionBuildError(`transaction ${tx.id} has no output ${outputIndex}`, {
        txId: tx.id,
        outputIndex,
      });
    }
    const fulfills = { output_index: outputIndex, transaction_id: tx.id };
    return { fulfillment: null, fulfills, owners_before: [...spent.public_keys] };
  });
  const assetId = first.tx.operation === 'CREATE' ? first.tx.id : first.tx.asset.id;
  return {
    id: null,
    version: '2.0',
    operation: 'TRANSFER',
    asset: { id: assetId },
    metadata: args.metadata ?? null,
    inputs,
    outputs: args.outputs,
  };
}

/**
 * How one input gets signed: a private key for an ed25519 input, or private keys plus the
 * condition being met (default: createInputCondition(owners_before), right for CREATE and for
 * flat n-of-n outputs; pass the spent output's condition for anything else, e.g. 2-of-3).
 */
export type InputSigner = string | { condition?: ConditionDetails; privateKeys: string[] };

/** Fills every input's fulfillment and the id, exactly as the driver's signTransaction. */
export function signTransaction(tx: UnsignedTransaction, signers: readonly InputSigner[]): Transaction {
  if (signers.length !== tx.inputs.length) {
    throw new TransactionBuildError(
      `${tx.inputs.length} input(s) need ${tx.inputs.length} signer(s), got ${signers.length}`,
    );
  }
  const unsigned = hashPayloads(tx).unsigned;
  const inputs: Input[] = tx.inputs.map((input, i) => {
    const digest = signingDigest(unsigned, input.fulfills);
    return { ...input, fulfillment: fulfillInput(digest, signers[i] as InputSigner, input.owners_before) };
  });
  const signed = { ...tx, inputs, id: '' } as Transaction;
  signed.id = computeTransactionId({ ...signed, id: null } as unknown as UnsignedTransaction);
  return signed;
}

function fulfillInput(digest: Buffer, signer: InputSigner, ownersBefore: string[]): string {
  if (typeof signer === 'string') {
    const { publicKey } = keypairFromPrivateKey(signer);
    return ed25519FulfillmentUri(decodeKey(publicKey, 'public'), signBytes(digest, signer));
  }
  const condition = signer.condition ?? createInputCondition(ownersBefore);
  conditionUri(condition); // fail early with a clear error on a malformed condition
  if (
    condition.type === 'ed25519-sha-256' &&
    signer.privateKeys.length === 1 &&
    signer.privateKeys[0] !== undefined
  ) {
    return fulfillInput(digest, signer.privateKeys[0], ownersBefore);
  }
  const keys = new Map(signer.privateKeys.map((k) => [keypairFromPrivateKey(k).publicKey, k] as const));
  return thresholdFulfillmentUri(condition, digest, keys);
}
