/**
 * Read API keys (policy.read "api-key", issue 16): what a key looks like, how its stored record
 * looks, and the hash that is stored instead of the key. The lab issues keys into an operator's
 * `.bigchaindb` (`api_keys`); the node checks presented keys against those hashes. The key itself
 * is shown once to whoever issued it and is never written anywhere by fedlab.
 *
 * Why a plain sha256 and not a slow password hash: a key is 32 random bytes (256 bits), so there
 * is nothing to guess; a slow hash would only slow down every read request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Every key starts with this, so secret scanners and people can tell what a leaked string is. */
export const API_KEY_PREFIX = 'fdk_';
const KEY_BYTES = 32;
const ID_BYTES = 4;

/** The headers a client may send its key in, in the order the node looks at them. */
export const API_KEY_HEADER = 'X-Api-Key';
/** BigchainDB 1.x's hosted-service header (`headers={'app_id': ..., 'app_key': ...}`). */
export const LEGACY_API_KEY_HEADER = 'app_key';

export const API_KEY_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const apiKeyRecordSchema = z
  .object({
    id: z
      .string()
      .regex(API_KEY_ID, 'must be 1-40 of a-z, 0-9 and "-" (what `fedlab api-key revoke` names)')
      .describe('names the key in lists and revocations; not secret'),
    label: z.string().max(200).default('').describe('who or what the key is for'),
    sha256: z
      .string()
      .regex(SHA256_HEX, 'must be the 64 lower-case hex digits of the sha256 of the key')
      .describe('sha256 (hex) of the key; the key itself is never stored'),
    created: z.iso.datetime().describe('when the key was issued (ISO 8601)'),
  })
  .strict();

export type ApiKeyRecord = z.output<typeof apiKeyRecordSchema>;

/** The operator's keys; ids and hashes are unique (a revocation names exactly one). */
export const apiKeyListSchema = z.array(apiKeyRecordSchema).superRefine((keys, ctx) => {
  const ids = new Set<string>();
  const hashes = new Set<string>();
  keys.forEach((k, i) => {
    if (ids.has(k.id))
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `id ${k.id} is listed twice` });
    if (hashes.has(k.sha256))
      ctx.addIssue({ code: 'custom', path: [i, 'sha256'], message: 'the same key is listed twice' });
    ids.add(k.id);
    hashes.add(k.sha256);
  });
});

/** The stored form of a key: lower-case hex sha256 of its UTF-8 bytes. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface IssuedApiKey {
  /** Show this once; it is not stored. */
  key: string;
  record: ApiKeyRecord;
}

/** A new key and the record to store for it; `taken` ids are avoided. */
export function newApiKey(
  label: string,
  now: Date,
  taken: ReadonlySet<string> = new Set(),
  random: (bytes: number) => Buffer = randomBytes,
): IssuedApiKey {
  const key = API_KEY_PREFIX + random(KEY_BYTES).toString('base64url');
  let id = random(ID_BYTES).toString('hex');
  while (taken.has(id)) id = random(ID_BYTES).toString('hex');
  return { key, record: { id, label, sha256: hashApiKey(key), created: now.toISOString() } };
}
