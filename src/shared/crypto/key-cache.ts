import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

// DER prefixes that turn raw Ed25519 key bytes into the SPKI / PKCS#8 structures OpenSSL
// imports (RFC 8410). Building a KeyObject costs about as much as a verification, so they are
// cached: a federation sees few distinct keys, and the bound keeps a flood of fresh client keys
// from growing memory without limit.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const MAX_CACHED_KEYS = 10_000;

class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}

  getOrCreate(key: string, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    return value;
  }
}

const publicKeys = new BoundedCache<KeyObject>(MAX_CACHED_KEYS);
const privateKeys = new BoundedCache<KeyObject>(1_000);

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** KeyObject for a raw 32-byte Ed25519 public key (caller checks the length). */
export function publicKeyObject(raw: Uint8Array): KeyObject {
  const buf = asBuffer(raw);
  return publicKeys.getOrCreate(buf.toString('latin1'), () =>
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, buf]), format: 'der', type: 'spki' }),
  );
}

/** KeyObject for a raw 32-byte Ed25519 seed (the driver's "private key"). */
export function privateKeyObject(seed: Uint8Array): KeyObject {
  const buf = asBuffer(seed);
  return privateKeys.getOrCreate(buf.toString('latin1'), () =>
    createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, buf]), format: 'der', type: 'pkcs8' }),
  );
}

/** The raw 32-byte public key that belongs to a private KeyObject. */
export function rawPublicKeyOf(privateKey: KeyObject): Buffer {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_PREFIX.length);
}
