import cc from 'crypto-conditions';
import {
  conditionUri,
  makeEd25519Condition,
  makeOutput,
  makeThresholdCondition,
  publicKeysOf,
  TransactionBuildError,
  type ConditionDetails,
} from '../../../src/node/core/index.js';
import { parseFulfillment, FulfillmentParseError } from '../../../src/node/core/fulfillment.js';
import { ed25519FulfillmentUri } from '../../../src/protocol/fulfillment-build.js';
import { decodeBase58, signBytes } from '../../../src/shared/crypto/index.js';
import { alice, bob, carol, dave, T } from './fixtures.js';

describe('conditions match the driver', () => {
  it('ed25519: same details and uri', () => {
    expect(makeEd25519Condition(alice.publicKey)).toEqual(T.makeEd25519Condition(alice.publicKey));
  });

  it('2-of-3 threshold: same details, uri and output public_keys', () => {
    const theirs = T.makeThresholdCondition(
      2,
      [alice, bob, carol].map((k) => T.makeEd25519Condition(k.publicKey, false)),
    );
    const ours = makeThresholdCondition(
      2,
      [alice, bob, carol].map((k) => makeEd25519Condition(k.publicKey)),
    );
    expect(ours).toEqual(theirs);
    expect(makeOutput(ours, '3')).toEqual(T.makeOutput(theirs, '3'));
  });

  it('nested threshold (1-of-[alice, 2-of-[bob, carol, dave]]): same uri', () => {
    const inner = T.makeThresholdCondition(
      2,
      [bob, carol, dave].map((k) => T.makeEd25519Condition(k.publicKey, false)),
      false,
    );
    const theirs = T.makeThresholdCondition(1, [T.makeEd25519Condition(alice.publicKey, false), inner]);
    const ours = makeThresholdCondition(1, [
      makeEd25519Condition(alice.publicKey),
      makeThresholdCondition(
        2,
        [bob, carol, dave].map((k) => makeEd25519Condition(k.publicKey)),
      ),
    ]);
    expect(ours).toEqual(theirs);
    expect(publicKeysOf(ours.details)).toEqual([alice, bob, carol, dave].map((k) => k.publicKey));
  });

  it('refuses impossible thresholds', () => {
    expect(() => makeThresholdCondition(3, [makeEd25519Condition(alice.publicKey)])).toThrow(
      TransactionBuildError,
    );
    expect(() => makeThresholdCondition(0, [makeEd25519Condition(alice.publicKey)])).toThrow(
      TransactionBuildError,
    );
    const bad: ConditionDetails = {
      type: 'threshold-sha-256',
      threshold: 2,
      subconditions: [{ type: 'ed25519-sha-256', public_key: alice.publicKey }],
    };
    expect(() => conditionUri(bad)).toThrow(TransactionBuildError);
  });
});

describe('fulfillment parsing', () => {
  const message = Buffer.alloc(32, 9);

  it('fast ed25519 path agrees with the library (uri, DER, key, signature)', () => {
    const sig = signBytes(message, alice.privateKey);
    const ours = ed25519FulfillmentUri(decodeBase58(alice.publicKey), sig);
    const lib = new cc.Ed25519Sha256();
    lib.setPublicKey(Buffer.from(decodeBase58(alice.publicKey)));
    lib.setSignature(sig);
    expect(ours).toBe(lib.serializeUri());
    const parsed = parseFulfillment(ours);
    expect(parsed.conditionUri).toBe(lib.getConditionUri());
    expect(parsed.leaves).toEqual([
      { publicKey: Buffer.from(decodeBase58(alice.publicKey)), signature: sig },
    ]);
  });

  it('threshold: yields every signed leaf and the full condition uri', () => {
    const gate = new cc.ThresholdSha256();
    gate.setThreshold(2);
    for (const k of [alice, bob]) {
      const leaf = new cc.Ed25519Sha256();
      leaf.sign(message, Buffer.from(decodeBase58(k.privateKey)));
      gate.addSubfulfillment(leaf);
    }
    const c = new cc.Ed25519Sha256();
    c.setPublicKey(Buffer.from(decodeBase58(carol.publicKey)));
    gate.addSubcondition(c.getCondition());
    const parsed = parseFulfillment(gate.serializeUri());
    const expectedUri = makeThresholdCondition(
      2,
      [alice, bob, carol].map((k) => makeEd25519Condition(k.publicKey)),
    ).uri;
    expect(parsed.conditionUri).toBe(expectedUri);
    expect(parsed.leaves.map((l) => Buffer.from(l.publicKey).toString('hex')).sort()).toEqual(
      [alice, bob].map((k) => Buffer.from(decodeBase58(k.publicKey)).toString('hex')).sort(),
    );
  });

  it('rejects a threshold fulfillment with bytes after its DER value (no second spelling)', () => {
    const gate = new cc.ThresholdSha256();
    gate.setThreshold(1);
    const leaf = new cc.Ed25519Sha256();
    leaf.sign(message, Buffer.from(decodeBase58(alice.privateKey)));
    gate.addSubfulfillment(leaf);
    const der = gate.serializeBinary();
    expect(() => parseFulfillment(der.toString('base64url'))).not.toThrow();
    expect(() => parseFulfillment(Buffer.concat([der, Buffer.from([0])]).toString('base64url'))).toThrow(
      FulfillmentParseError,
    );
  });

  it.each([
    ['not DER', 'AAAA'],
    ['padded base64url', 'pGSAIA='],
    ['base64url with non-zero spare bits', 'pGSAIB'],
    ['a truncated ed25519 fulfillment', 'pGSAIFkph6-rr5i_FR40CXBk-Ksp7qPXpDHYdOCvnxE7hMfGgUA4'],
    [
      'preimage type',
      new cc.PreimageSha256().serializeUri.call(
        Object.assign(new cc.PreimageSha256(), { preimage: Buffer.from('x') }),
      ),
    ],
  ])('rejects %s', (_name, uri) => {
    expect(() => parseFulfillment(uri)).toThrow(FulfillmentParseError);
  });
});
