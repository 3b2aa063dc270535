import { decodeBase58, encodeBase58, signBytes, verifyBytes } from '../shared/crypto/index.js';

// Blocks and votes (BigchainDB 0.x) are signed over the UTF-8 bytes of the canonical JSON of
// their body, not over a hash of it; the signature travels as base58.

export function signPayload(canonicalBody: string, privateKey: string): string {
  return encodeBase58(signBytes(Buffer.from(canonicalBody, 'utf8'), privateKey));
}

/** Never throws: a malformed signature or key is just not a valid signature. */
export function verifyPayload(canonicalBody: string, signature: string, publicKey: string): boolean {
  let sig: Uint8Array;
  try {
    sig = decodeBase58(signature);
  } catch {
    return false;
  }
  return verifyBytes(Buffer.from(canonicalBody, 'utf8'), sig, publicKey);
}
