/**
 * Pure checks of a presented read API key (policy.read "api-key"): which keys a request presents
 * and whether one of them is an issued key. Keys are compared as sha256 digests with
 * `timingSafeEqual` against EVERY stored hash, with no early exit, so the time taken says neither
 * how much of a key was right nor which record matched.
 */
import { timingSafeEqual } from 'node:crypto';
import { hashApiKey, type ApiKeyRecord } from '../../protocol/index.js';

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Longest header value looked at; a key is ~47 characters, anything longer is not one. */
const MAX_KEY_CHARS = 512;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const BASIC = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i;

function single(v: string | string[] | undefined): string | undefined {
  const value = Array.isArray(v) ? v[0] : v;
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= MAX_KEY_CHARS ? trimmed : undefined;
}

/**
 * `Authorization: Basic` with the key as the password (or as the user, with no password): what a
 * client sends for `http://apikey:<key>@host:9984/api/v1/`. bigchaindb-driver 4.3.0 (npm) needs
 * it: its Connection drops the headers it is given (dist/node/request.js spreads them beside
 * `headers`, not into them), but its fetch turns URL credentials into this header.
 */
function basicKey(authorization: string | undefined): string | undefined {
  const encoded = authorization?.match(BASIC)?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon < 0 ? decoded : decoded.slice(colon + 1) || decoded.slice(0, colon);
  return key === '' ? undefined : key;
}

/**
 * The keys a request presents: `X-Api-Key`, `Authorization: Bearer` (or `Basic`, the key as the
 * password), BigchainDB's `app_key`.
 */
export function presentedKeys(headers: Headers): string[] {
  const authorization = single(headers.authorization);
  const bearer = authorization?.match(BEARER)?.[1];
  return [single(headers['x-api-key']), bearer, basicKey(authorization), single(headers.app_key)].filter(
    (k): k is string => k !== undefined,
  );
}

/**
 * The record of the issued key among `presented`, or null (also when none was presented).
 * `equal` is node's timingSafeEqual (a parameter so a test can count that every record is compared).
 */
export function matchApiKey(
  presented: readonly string[],
  keys: readonly ApiKeyRecord[],
  equal: (a: Buffer, b: Buffer) => boolean = timingSafeEqual,
): ApiKeyRecord | null {
  let found: ApiKeyRecord | null = null;
  for (const candidate of presented) {
    const digest = Buffer.from(hashApiKey(candidate), 'hex');
    for (const record of keys) {
      const stored = Buffer.from(record.sha256, 'hex');
      // Both are 32 bytes (the schema checks the stored hex); timingSafeEqual needs equal lengths.
      const same = stored.length === digest.length && equal(stored, digest);
      if (same && found === null) found = record;
    }
  }
  return found;
}
