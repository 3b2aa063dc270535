import {
  canonicalJson,
  keypairFromPrivateKey,
  sha3_256,
  sha3_256Hex,
  signBytes,
  type Keypair,
} from '../../shared/crypto/index.js';
import { ed25519Condition, ed25519Fulfillment, type Ed25519Condition } from './conditions.js';

/**
 * A tiny builder for single-owner CREATE and TRANSFER transactions (spec v2.0), enough for the
 * lab's probe and demo without a dev-only driver at run time. Ids and signatures match
 * bigchaindb-driver's for the same content (unit-tested against it).
 */
export interface Output {
  condition: Ed25519Condition;
  amount: string;
  public_keys: string[];
}
export interface Input {
  owners_before: string[];
  fulfills: { transaction_id: string; output_index: number } | null;
  fulfillment: string | null;
}
export interface Transaction {
  id: string | null;
  version: '2.0';
  operation: 'CREATE' | 'TRANSFER';
  asset: { data: Record<string, unknown> | null } | { id: string };
  metadata: Record<string, unknown> | null;
  inputs: Input[];
  outputs: Output[];
}

export function makeOutput(publicKey: string, amount = '1'): Output {
  return { condition: ed25519Condition(publicKey), amount, public_keys: [publicKey] };
}

export function buildCreate(
  issuer: Keypair,
  data: Record<string, unknown> | null,
  metadata: Record<string, unknown> | null = null,
  owner: string = issuer.publicKey,
): Transaction {
  const tx: Transaction = {
    id: null,
    version: '2.0',
    operation: 'CREATE',
    asset: { data },
    metadata,
    inputs: [{ owners_before: [issuer.publicKey], fulfills: null, fulfillment: null }],
    outputs: [makeOutput(owner)],
  };
  return sign(tx, [issuer.privateKey]);
}

/** Spends output `outputIndex` of `spent` (owned by `ownerPrivateKey`) to `recipient`. */
export function buildTransfer(
  spent: Transaction,
  outputIndex: number,
  ownerPrivateKey: string,
  recipient: string,
  metadata: Record<string, unknown> | null = null,
): Transaction {
  const output = spent.outputs[outputIndex];
  if (!output || spent.id === null)
    throw new Error(`transaction ${spent.id} has no output ${outputIndex} to spend`);
  const assetId = 'id' in spent.asset ? spent.asset.id : spent.id;
  const tx: Transaction = {
    id: null,
    version: '2.0',
    operation: 'TRANSFER',
    asset: { id: assetId },
    metadata,
    inputs: [
      {
        owners_before: output.public_keys,
        fulfills: { transaction_id: spent.id, output_index: outputIndex },
        fulfillment: null,
      },
    ],
    outputs: [makeOutput(recipient, output.amount)],
  };
  return sign(tx, [ownerPrivateKey]);
}

/** Each input signs SHA3-256(canonical unsigned tx [+ spent tx id + output index]); id = SHA3 of the signed tx. */
function sign(unsigned: Transaction, privateKeys: readonly string[]): Transaction {
  const message = canonicalJson(unsigned);
  const inputs = unsigned.inputs.map((input, i) => {
    const privateKey = privateKeys[i];
    if (privateKey === undefined) throw new Error(`no private key for input ${i}`);
    const unique = input.fulfills
      ? `${message}${input.fulfills.transaction_id}${input.fulfills.output_index}`
      : message;
    const signature = signBytes(sha3_256(unique), privateKey);
    return {
      ...input,
      fulfillment: ed25519Fulfillment(keypairFromPrivateKey(privateKey).publicKey, signature),
    };
  });
  const signed: Transaction = { ...unsigned, inputs };
  return { ...signed, id: sha3_256Hex(canonicalJson(signed)) };
}
