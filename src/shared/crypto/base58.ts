import bs58 from 'bs58';
import { CryptoError } from './errors.js';

/** Base58 with the bitcoin alphabet: the encoding bigchaindb-driver uses for keys. */
export function encodeBase58(bytes: Uint8Array): string {
  return bs58.encode(bytes);
}

/** Decodes base58; throws CryptoError('CRYPTO_BAD_BASE58') instead of bs58's plain Error. */
export function decodeBase58(text: string): Uint8Array {
  const decoded = bs58.decodeUnsafe(text);
  if (decoded === undefined) {
    throw new CryptoError('CRYPTO_BAD_BASE58', `"${text.slice(0, 60)}" is not base58 (bitcoin alphabet)`, {
      text,
    });
  }
  return decoded;
}

/** The shape of a base58 (bitcoin alphabet) Ed25519 key: 32 bytes encode to 32-44 characters. */
export const BASE58_KEY = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
/** The shape of a base58 Ed25519 signature as blocks and votes carry it. */
export const BASE58_SIGNATURE = /^[1-9A-HJ-NP-Za-km-z]{1,100}$/;

// base58 decoding costs microseconds per key and validation checks every output's keys; the
// same keys come back again and again, so remember the ones already found good (bounded).
const knownKeys = new Set<string>();

/** True for a base58 string that decodes to a 32-byte Ed25519 public key. */
export function isPublicKey(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (knownKeys.has(value)) return true;
  if (!BASE58_KEY.test(value) || bs58.decodeUnsafe(value)?.length !== 32) return false;
  if (knownKeys.size >= 10_000) knownKeys.clear();
  knownKeys.add(value);
  return true;
}
