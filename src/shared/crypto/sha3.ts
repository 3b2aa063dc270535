import { hash } from 'node:crypto';

// crypto.hash (one-shot, Node >= 20.12) skips the Hash object createHash builds: measurably
// cheaper on the validation hot path, which hashes every transaction twice.

/** FIPS-202 SHA3-256 (not Keccak); strings are hashed as UTF-8, like js-sha3 in the driver. */
export function sha3_256(data: string | Uint8Array): Buffer {
  return hash('sha3-256', data, 'buffer');
}

export function sha3_256Hex(data: string | Uint8Array): string {
  return hash('sha3-256', data, 'hex');
}
