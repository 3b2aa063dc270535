import driver from 'bigchaindb-driver';
import nacl from 'tweetnacl';
import { T } from './fixtures.js';
// js-sha3 is what the driver hashes with (a dependency of bigchaindb-driver): the reference.
import jsSha3Module from 'js-sha3';
import {
  canonicalJson,
  decodeBase58,
  encodeBase58,
  generateKeypair,
  isPublicKey,
  keypairFromPrivateKey,
  sha3_256Hex,
  signBytes,
  verifyBytes,
  CryptoError,
} from '../../../src/shared/crypto/index.js';

describe('keys', () => {
  it('encode like the driver: same seed, same base58 public and private key', () => {
    const seed = Buffer.from(new Uint8Array(32).map((_, i) => i * 7));
    const theirs = new driver.Ed25519Keypair(seed);
    expect(keypairFromPrivateKey(theirs.privateKey)).toEqual({
      publicKey: theirs.publicKey,
      privateKey: theirs.privateKey,
    });
  });

  it('generates 32-byte keys whose public half matches the seed', () => {
    const kp = generateKeypair();
    expect(decodeBase58(kp.publicKey)).toHaveLength(32);
    expect(decodeBase58(kp.privateKey)).toHaveLength(32);
    expect(keypairFromPrivateKey(kp.privateKey).publicKey).toBe(kp.publicKey);
    expect(isPublicKey(kp.publicKey)).toBe(true);
  });

  it('generates with node:crypto keys that tweetnacl derives the same way and that sign/verify both ways', () => {
    for (let i = 0; i < 8; i++) {
      const kp = generateKeypair();
      const seed = decodeBase58(kp.privateKey);
      const theirs = nacl.sign.keyPair.fromSeed(seed);
      expect(encodeBase58(theirs.publicKey)).toBe(kp.publicKey);
      expect(keypairFromPrivateKey(kp.privateKey)).toEqual(kp);
      const msg = Buffer.from(`round trip ${i}`);
      const ours = signBytes(msg, kp.privateKey);
      const naclSig = nacl.sign.detached(msg, theirs.secretKey);
      expect(Buffer.from(naclSig)).toEqual(ours);
      expect(nacl.sign.detached.verify(msg, ours, theirs.publicKey)).toBe(true);
      expect(verifyBytes(msg, naclSig, kp.publicKey)).toBe(true);
    }
  });

  it('generates a fresh seed every time', () => {
    const seeds = new Set(Array.from({ length: 16 }, () => generateKeypair().privateKey));
    expect(seeds.size).toBe(16);
  });

  it('rejects bad base58 and wrong key lengths with typed errors', () => {
    expect(() => decodeBase58('0OIl')).toThrow(CryptoError);
    expect(() => signBytes(new Uint8Array(1), encodeBase58(new Uint8Array(31)))).toThrow(
      /CRYPTO_BAD_KEY|31 bytes/,
    );
    expect(isPublicKey('abc')).toBe(false);
    expect(isPublicKey(42)).toBe(false);
  });
});

describe('signatures', () => {
  const kp = generateKeypair();
  const msg = Buffer.from('hello federation');

  it('node:crypto signs exactly what tweetnacl signs and both verify it', () => {
    const ours = signBytes(msg, kp.privateKey);
    const secret = nacl.sign.keyPair.fromSeed(decodeBase58(kp.privateKey)).secretKey;
    expect(Buffer.from(nacl.sign.detached(msg, secret))).toEqual(ours);
    expect(nacl.sign.detached.verify(msg, ours, decodeBase58(kp.publicKey))).toBe(true);
    expect(verifyBytes(msg, ours, kp.publicKey)).toBe(true);
    expect(verifyBytes(msg, ours, decodeBase58(kp.publicKey))).toBe(true);
  });

  it('rejects a changed message, a changed signature, another key, and garbage without throwing', () => {
    const sig = signBytes(msg, kp.privateKey);
    const bad = Buffer.from(sig);
    bad[5] = (bad[5] ?? 0) ^ 1;
    expect(verifyBytes(Buffer.from('other'), sig, kp.publicKey)).toBe(false);
    expect(verifyBytes(msg, bad, kp.publicKey)).toBe(false);
    expect(verifyBytes(msg, sig, generateKeypair().publicKey)).toBe(false);
    expect(verifyBytes(msg, sig.subarray(1), kp.publicKey)).toBe(false);
    expect(verifyBytes(msg, sig, 'not-base58!')).toBe(false);
    expect(verifyBytes(msg, sig, new Uint8Array(5))).toBe(false);
  });
});

describe('canonical JSON and SHA3', () => {
  const samples: unknown[] = [
    { b: 1, a: [3, { z: null, y: 'é' }], c: true },
    { Z: 1, a: 2, _: 3, ä: 4, '10': 5, '9': 6, '': 7 },
    { nested: { deeper: { x: [1.5, -0, 1e21, 'q"uote\\', '\u2028'] } }, u: undefined },
    [undefined, null, 'x'],
    'plain',
    12,
  ];

  it.each(samples.map((s) => [s]))('equals the driver serialisation for %j', (sample) => {
    expect(canonicalJson(sample)).toBe(T.serializeTransactionIntoCanonicalString(sample));
  });

  it('hashes like js-sha3 (the driver), UTF-8 strings included', () => {
    for (const s of ['', 'abc', 'ünïcødé ✓', canonicalJson(samples[0])])
      expect(sha3_256Hex(s)).toBe(jsSha3Module.sha3_256(s));
  });

  it('is FIPS SHA3-256, not Keccak (published test vectors)', () => {
    expect(sha3_256Hex('')).toBe('a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
    expect(sha3_256Hex('abc')).toBe('3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532');
  });
});
