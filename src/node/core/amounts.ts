import { TransactionInvalidError } from './errors.js';

/** Spec v2.0 bound on an output amount (BigchainDB's MAX_AMOUNT). */
export const MAX_AMOUNT = BigInt('9000000000000000000'); // 9 * 10^18

// Canonical positive decimal only: no sign, no leading zeros, so "1" and "01" cannot be two
// spellings of one amount (the schema's ^[0-9]{1,20}$ alone would allow both).
const POSITIVE_DECIMAL = /^[1-9][0-9]{0,18}$/;

/** Parses an output amount; throws TX_AMOUNT_INVALID unless it is an integer in 1 .. 9*10^18. */
export function parseAmount(amount: string, txId: string, outputIndex: number): bigint {
  if (POSITIVE_DECIMAL.test(amount)) {
    const value = BigInt(amount);
    if (value <= MAX_AMOUNT) return value;
  }
  throw new TransactionInvalidError(
    'TX_AMOUNT_INVALID',
    `output ${outputIndex} has amount "${amount}"; amounts are decimal strings of integers from 1 to ${MAX_AMOUNT} without leading zeros`,
    txId,
    { outputIndex, amount },
  );
}
