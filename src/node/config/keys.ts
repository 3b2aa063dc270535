/** Key checks for the config, over the shared crypto encoding (same as bigchaindb-driver's). */
import { isPublicKey, keypairFromPrivateKey } from '../../shared/crypto/index.js';

/** A base58 string of 32 bytes: the form of both the public key and the private seed. */
export function isBase58Key(s: string): boolean {
  return isPublicKey(s);
}

/** The base58 public key of a base58 private seed, or null if it is not a 32-byte seed. */
export function publicKeyOfPrivate(privateKey: string): string | null {
  if (!isBase58Key(privateKey)) return null;
  return keypairFromPrivateKey(privateKey).publicKey;
}
