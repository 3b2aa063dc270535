// Shared crypto helpers: key encoding, canonical JSON and hashing as BigchainDB defines them.
// Used by the node (src/node/core) and, later, the lab; no I/O here.
export { encodeBase58, decodeBase58, isPublicKey, BASE58_KEY, BASE58_SIGNATURE } from './base58.js';
export { canonicalJson } from './canonical-json.js';
export { sha3_256, sha3_256Hex } from './sha3.js';
export {
  generateKeypair,
  keypairFromPrivateKey,
  decodeKey,
  signBytes,
  verifyBytes,
  type Keypair,
} from './ed25519.js';
export { publicKeyObject } from './key-cache.js';
export { CryptoError, type CryptoErrorCode } from './errors.js';
