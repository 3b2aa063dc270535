import { verifyBytes } from '../../shared/crypto/index.js';
import { TransactionInvalidError } from './errors.js';
import { FulfillmentParseError, parseFulfillment, type ParsedFulfillment } from './fulfillment.js';
import type { Transaction } from '../../protocol/types.js';

/** Parses input `index`'s fulfillment; TX_FULFILLMENT_MALFORMED when it is not valid DER. */
export function parseInputFulfillment(tx: Transaction, index: number): ParsedFulfillment {
  const input = tx.inputs[index];
  try {
    if (input === undefined) throw new FulfillmentParseError('no such input');
    return parseFulfillment(input.fulfillment);
  } catch (e) {
    if (!(e instanceof FulfillmentParseError)) throw e;
    throw new TransactionInvalidError('TX_FULFILLMENT_MALFORMED', `input ${index}: ${e.message}`, tx.id, {
      inputIndex: index,
    });
  }
}

/** TX_FULFILLMENT_MISMATCH unless the fulfillment meets exactly the condition being spent. */
export function requireCondition(
  tx: Transaction,
  index: number,
  parsed: ParsedFulfillment,
  expectedUri: string,
  what: string,
): void {
  if (parsed.conditionUri === expectedUri) return;
  throw new TransactionInvalidError(
    'TX_FULFILLMENT_MISMATCH',
    `input ${index}: the fulfillment meets condition "${parsed.conditionUri}", not ${what} "${expectedUri}"`,
    tx.id,
    { inputIndex: index, fulfilled: parsed.conditionUri, expected: expectedUri },
  );
}

/** TX_SIGNATURE_INVALID unless every ed25519 leaf verifies over `message` (node:crypto). */
export function requireSignatures(
  tx: Transaction,
  index: number,
  parsed: ParsedFulfillment,
  message: Buffer,
): void {
  for (const leaf of parsed.leaves) {
    if (!verifyBytes(message, leaf.signature, leaf.publicKey)) {
      throw new TransactionInvalidError(
        'TX_SIGNATURE_INVALID',
        `input ${index}: a signature does not verify; re-sign the transaction with the owners' private keys`,
        tx.id,
        { inputIndex: index },
      );
    }
  }
}
