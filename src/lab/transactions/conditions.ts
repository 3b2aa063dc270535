import { createHash } from 'node:crypto';
import { decodeKey } from '../../shared/crypto/index.js';

/**
 * The one crypto-condition the lab needs: ed25519-sha-256 (RFC draft-thomas-crypto-conditions-04),
 * encoded as bigchaindb-driver encodes it. The node carries the full implementation.
 */
export interface Ed25519Condition {
  details: { type: 'ed25519-sha-256'; public_key: string };
  uri: string;
}

const ED25519_COST = 131072;

export function ed25519Condition(publicKey: string): Ed25519Condition {
  // Fingerprint contents: SEQUENCE { publicKey [0] OCTET STRING (32) }.
  const fingerprint = Buffer.concat([Buffer.from([0x30, 0x22, 0x80, 0x20]), decodeKey(publicKey, 'public')]);
  const hash = createHash('sha256').update(fingerprint).digest('base64url');
  return {
    details: { type: 'ed25519-sha-256', public_key: publicKey },
    uri: `ni:///sha-256;${hash}?fpt=ed25519-sha-256&cost=${ED25519_COST}`,
  };
}

/** Fulfillment: [4] { publicKey [0] (32 bytes), signature [1] (64 bytes) }, DER, base64url. */
export function ed25519Fulfillment(publicKey: string, signature: Uint8Array): string {
  if (signature.length !== 64) throw new Error(`an Ed25519 signature has 64 bytes, got ${signature.length}`);
  return Buffer.concat([
    Buffer.from([0xa4, 0x64, 0x80, 0x20]),
    decodeKey(publicKey, 'public'),
    Buffer.from([0x81, 0x40]),
    signature,
  ]).toString('base64url');
}
