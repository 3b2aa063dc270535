import { canonicalJson, sha3_256, sha3_256Hex } from '../shared/crypto/index.js';
import { inputsJsonTrusted, outputsJsonTrusted } from './trusted-json.js';
import type { Input, Transaction, TransactionLink, UnsignedInput, UnsignedTransaction } from './types.js';

type AnyTransaction = Transaction | UnsignedTransaction;
type AnyInput = Input | UnsignedInput;

/**
 * The two canonical serialisations a transaction is hashed in, built from shared parts so that
 * asset, metadata and outputs are serialised once: `signed` (id null, fulfillments kept) gives
 * the id; `unsigned` (id and fulfillments null) is what each input signs. Top-level keys are
 * written in sorted order by hand, which equals canonicalJson() (tested).
 */
export interface HashPayloads {
  signed: string;
  unsigned: string;
}

/**
 * `schemaChecked`: the transaction passed the spec v2.0 schema, so inputs and outputs can take
 * the fixed-shape serialiser (trusted-json.ts), several times faster than the generic one.
 */
export function hashPayloads(tx: AnyTransaction, schemaChecked = false): HashPayloads {
  const head = '{"asset":' + canonicalJson(tx.asset) + ',"id":null,"inputs":';
  const outputs = schemaChecked ? outputsJsonTrusted((tx as Transaction).outputs) : canonicalJson(tx.outputs);
  const tail =
    ',"metadata":' +
    canonicalJson(tx.metadata) +
    ',"operation":' +
    JSON.stringify(tx.operation) +
    ',"outputs":' +
    outputs +
    ',"version":' +
    JSON.stringify(tx.version) +
    '}';
  if (schemaChecked) {
    const inputs = (tx as Transaction).inputs;
    return {
      signed: head + inputsJsonTrusted(inputs, true) + tail,
      unsigned: head + inputsJsonTrusted(inputs, false) + tail,
    };
  }
  return {
    signed: head + inputsJson(tx.inputs, true) + tail,
    unsigned: head + inputsJson(tx.inputs, false) + tail,
  };
}

function inputsJson(inputs: readonly AnyInput[], keepFulfillments: boolean): string {
  const parts = inputs.map(
    (input) =>
      '{"fulfillment":' +
      (keepFulfillments ? canonicalJson(input.fulfillment) : 'null') +
      ',"fulfills":' +
      canonicalJson(input.fulfills) +
      ',"owners_before":' +
      canonicalJson(input.owners_before) +
      '}',
  );
  return '[' + parts.join(',') + ']';
}

/** Canonical JSON of the whole transaction as it is (id included). */
export function serializeTransaction(tx: AnyTransaction): string {
  return canonicalJson(tx);
}

/** SHA3-256 hex of the canonical JSON of the transaction with `id` set to null. */
export function computeTransactionId(tx: AnyTransaction): string {
  return sha3_256Hex(hashPayloads(tx).signed);
}

/**
 * What an input signs (the driver's signTransaction): SHA3-256 of the unsigned payload, followed
 * for a TRANSFER input by the spent transaction id and the output index in decimal.
 */
export function signingDigest(unsignedPayload: string, fulfills: TransactionLink | null): Buffer {
  if (fulfills === null) return sha3_256(unsignedPayload);
  return sha3_256(unsignedPayload + fulfills.transaction_id + String(fulfills.output_index));
}

/** The 32-byte digest `input` of `tx` signs. */
export function signingMessage(tx: AnyTransaction, input: AnyInput): Buffer {
  return signingDigest(hashPayloads(tx).unsigned, input.fulfills);
}
