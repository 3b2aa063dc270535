import { createHash } from 'node:crypto';
import { canonicalJson, decodeKey } from '../shared/crypto/index.js';
import { Ed25519Sha256, ThresholdSha256, type CcFulfillment } from './cc-lib.js';
import { TransactionBuildError } from './errors.js';
import type { ConditionDetails, OutputCondition } from './types.js';

const ED25519_COST = 131072; // fixed by the crypto-conditions spec for ed25519-sha-256
// Fingerprint contents of an ed25519 condition: DER SEQUENCE { [0] OCTET STRING publicKey }.
const ED25519_FINGERPRINT_PREFIX = Buffer.from('30228020', 'hex');
export const MAX_CONDITION_DEPTH = 8;

const ed25519UriCache = new Map<string, string>();

/** Condition URI of an ed25519-sha-256 condition from the raw 32-byte key; hot path, cached. */
export function ed25519UriFromRaw(raw: Uint8Array): string {
  const cacheKey = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const hit = ed25519UriCache.get(cacheKey);
  if (hit !== undefined) return hit;
  const hash = createHash('sha256').update(ED25519_FINGERPRINT_PREFIX).update(raw).digest('base64url');
  const uri = `ni:///sha-256;${hash}?fpt=ed25519-sha-256&cost=${ED25519_COST}`;
  if (ed25519UriCache.size >= 10_000) ed25519UriCache.clear();
  ed25519UriCache.set(cacheKey, uri);
  return uri;
}

/** Builds the crypto-conditions library object for details (unsigned leaves). */
export function conditionObject(details: ConditionDetails, depth = 0): CcFulfillment {
  if (depth > MAX_CONDITION_DEPTH) {
    throw new TransactionBuildError(`condition nests deeper than ${MAX_CONDITION_DEPTH} levels`);
  }
  if (details.type === 'ed25519-sha-256') {
    const leaf = new Ed25519Sha256();
    leaf.setPublicKey(Buffer.from(decodeKey(details.public_key, 'public')));
    return leaf;
  }
  if (details.subconditions.length < details.threshold) {
    throw new TransactionBuildError(
      `threshold ${details.threshold} exceeds its ${details.subconditions.length} subconditions`,
    );
  }
  const gate = new ThresholdSha256();
  gate.setThreshold(details.threshold);
  for (const sub of details.subconditions) gate.addSubfulfillment(conditionObject(sub, depth + 1));
  return gate;
}

const thresholdUriCache = new Map<string, string>();
const ed25519UriByKey = new Map<string, string>();

/** `ni:///sha-256;...?fpt=...&cost=...[&subtypes=...]` of the details, as the driver computes it. */
export function conditionUri(details: ConditionDetails): string {
  if (details.type === 'ed25519-sha-256') {
    // Keyed by the base58 text: skips the base58 decode, the dominant cost, on repeat keys.
    const hit = ed25519UriByKey.get(details.public_key);
    if (hit !== undefined) return hit;
    const uri = ed25519UriFromRaw(decodeKey(details.public_key, 'public'));
    if (ed25519UriByKey.size >= 10_000) ed25519UriByKey.clear();
    ed25519UriByKey.set(details.public_key, uri);
    return uri;
  }
  const key = canonicalJson(details);
  const hit = thresholdUriCache.get(key);
  if (hit !== undefined) return hit;
  const uri = conditionObject(details).getConditionUri();
  if (thresholdUriCache.size >= 1_000) thresholdUriCache.clear();
  thresholdUriCache.set(key, uri);
  return uri;
}

/** Leaf public keys, unique, depth-first: the `public_keys` the driver's makeOutput lists. */
export function publicKeysOf(details: ConditionDetails): string[] {
  const keys: string[] = [];
  const visit = (d: ConditionDetails): void => {
    if (d.type === 'ed25519-sha-256') {
      if (!keys.includes(d.public_key)) keys.push(d.public_key);
    } else {
      d.subconditions.forEach(visit);
    }
  };
  visit(details);
  return keys;
}

export function makeEd25519Condition(publicKey: string): OutputCondition {
  const details: ConditionDetails = { type: 'ed25519-sha-256', public_key: publicKey };
  return { details, uri: conditionUri(details) };
}

/** m-of-n gate over subconditions (details or whole conditions); nestable. */
export function makeThresholdCondition(
  threshold: number,
  subconditions: readonly (ConditionDetails | OutputCondition)[],
): OutputCondition {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > subconditions.length) {
    throw new TransactionBuildError(
      `threshold must be an integer from 1 to ${subconditions.length} (the number of subconditions), got ${threshold}`,
    );
  }
  const details: ConditionDetails = {
    type: 'threshold-sha-256',
    threshold,
    subconditions: subconditions.map((s) => ('details' in s ? s.details : s)),
  };
  return { details, uri: conditionUri(details) };
}

/**
 * The condition a CREATE input's fulfillment must meet: the single owner's ed25519 condition,
 * or an n-of-n threshold when several owners_before create together (the Python driver's form).
 */
export function createInputCondition(ownersBefore: readonly string[]): ConditionDetails {
  const leaves = ownersBefore.map((k): ConditionDetails => ({ type: 'ed25519-sha-256', public_key: k }));
  if (leaves.length === 1 && leaves[0] !== undefined) return leaves[0];
  return { type: 'threshold-sha-256', threshold: leaves.length, subconditions: leaves };
}
