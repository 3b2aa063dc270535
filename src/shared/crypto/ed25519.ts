import { generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { decodeBase58, encodeBase58 } from './base58.js';
import { CryptoError } from './errors.js';
import { privateKeyObject, publicKeyObject, rawPublicKeyOf } from './key-cache.js';

/** An Ed25519 keypair encoded like bigchaindb-driver's Ed25519Keypair. */
export interface Keypair {
  /** base58 of the 32-byte public key */
  publicKey: string;
  /** base58 of the 32-byte seed (RFC 8032 private key; tweetnacl's secretKey without its public half) */
  privateKey: string;
}

/** A fresh keypair from node:crypto (OpenSSL's CSPRNG), encoded exactly as the driver encodes it. */
export function generateKeypair(): Keypair {
  // JWK is the one export form that gives both halves as raw bytes (RFC 8037: d = seed, x = public).
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  if (jwk.d === undefined || jwk.x === undefined) {
    // Node always sets both for an OKP private key; the types allow neither, so refuse an empty key.
    throw new CryptoError('CRYPTO_KEYGEN', 'node:crypto exported an Ed25519 JWK without "d" or "x"');
  }
  return {
    publicKey: encodeBase58(Buffer.from(jwk.x, 'base64url')),
    privateKey: encodeBase58(Buffer.from(jwk.d, 'base64url')),
  };
}

/** Re-derives the public key of a base58 seed (for config files that hold both). */
export function keypairFromPrivateKey(privateKey: string): Keypair {
  const seed = decodeKey(privateKey, 'private');
  return { publicKey: encodeBase58(rawPublicKeyOf(privateKeyObject(seed))), privateKey };
}

/** Decodes a base58 key and insists on 32 bytes. */
export function decodeKey(key: string, kind: 'public' | 'private'): Uint8Array {
  const raw = decodeBase58(key);
  if (raw.length !== 32) {
    throw new CryptoError(
      'CRYPTO_BAD_KEY',
      `${kind} key "${key.slice(0, 60)}" decodes to ${raw.length} bytes, expected 32`,
      {
        kind,
        length: raw.length,
      },
    );
  }
  return raw;
}

/** Ed25519 signature (64 bytes) of `message` with node:crypto; deterministic, same as tweetnacl. */
export function signBytes(message: Uint8Array, privateKey: string): Buffer {
  return cryptoSign(null, message, privateKeyObject(decodeKey(privateKey, 'private')));
}

/**
 * Verifies with node:crypto (OpenSSL; ~50x tweetnacl). Never throws: a malformed key or
 * signature is simply not a valid signature.
 */
export function verifyBytes(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: string | Uint8Array,
): boolean {
  if (signature.length !== 64) return false;
  let raw: Uint8Array;
  if (typeof publicKey === 'string') {
    const decoded = decodeBase58Safe(publicKey);
    if (decoded === null) return false;
    raw = decoded;
  } else {
    raw = publicKey;
  }
  if (raw.length !== 32) return false;
  try {
    return cryptoVerify(null, message, publicKeyObject(raw), signature);
  } catch {
    return false; // OpenSSL rejects some non-canonical points on import: not a valid key
  }
}

const decodedKeys = new Map<string, Uint8Array>();

// base58 decoding is a visible cost on the vote/block hot path; keys repeat, so memoise.
function decodeBase58Safe(text: string): Uint8Array | null {
  const hit = decodedKeys.get(text);
  if (hit !== undefined) return hit;
  try {
    const raw = decodeBase58(text);
    if (decodedKeys.size >= 10_000) decodedKeys.clear();
    decodedKeys.set(text, raw);
    return raw;
  } catch {
    return null;
  }
}
