import { decodeKey, signBytes } from '../shared/crypto/index.js';
import { Ed25519Sha256, ThresholdSha256, type CcFulfillment } from './cc-lib.js';
import { conditionObject } from './conditions.js';
import { TransactionBuildError } from './errors.js';
import type { ConditionDetails } from './types.js';

/** DER of a signed ed25519-sha-256 fulfillment, base64url (the mirror of parseEd25519Fast). */
export function ed25519FulfillmentUri(publicKey: Uint8Array, signature: Uint8Array): string {
  return Buffer.concat([
    Buffer.from([0xa4, 0x64, 0x80, 0x20]),
    publicKey,
    Buffer.from([0x81, 0x40]),
    signature,
  ]).toString('base64url');
}

/**
 * Signs `message` for a (possibly nested) threshold condition with the keys at hand: leaves we
 * hold a key for become signed subfulfillments, the rest stay subconditions; the library keeps
 * only the cheapest `threshold` fulfillments. Throws when the keys cannot meet the threshold.
 */
export function thresholdFulfillmentUri(
  details: ConditionDetails,
  message: Uint8Array,
  keys: ReadonlyMap<string, string>, // public key -> private key
): string {
  const built = buildNode(details, message, keys);
  if (built.kind !== 'fulfilled') {
    throw new TransactionBuildError('the given private keys cannot meet the threshold condition', {
      signers: [...keys.keys()],
    });
  }
  return built.node.serializeUri();
}

type Built = { kind: 'fulfilled' | 'condition'; node: CcFulfillment };

function buildNode(details: ConditionDetails, message: Uint8Array, keys: ReadonlyMap<string, string>): Built {
  if (details.type === 'ed25519-sha-256') {
    const privateKey = keys.get(details.public_key);
    const leaf = new Ed25519Sha256();
    leaf.setPublicKey(Buffer.from(decodeKey(details.public_key, 'public')));
    if (privateKey === undefined) return { kind: 'condition', node: leaf };
    leaf.setSignature(signBytes(message, privateKey));
    return { kind: 'fulfilled', node: leaf };
  }
  const gate = new ThresholdSha256();
  gate.setThreshold(details.threshold);
  let fulfilled = 0;
  for (const sub of details.subconditions) {
    const child = buildNode(sub, message, keys);
    if (child.kind === 'fulfilled') {
      gate.addSubfulfillment(child.node);
      fulfilled++;
    } else {
      gate.addSubcondition(child.node.getCondition());
    }
  }
  if (fulfilled >= details.threshold) return { kind: 'fulfilled', node: gate };
  return { kind: 'condition', node: conditionObject(details) };
}
