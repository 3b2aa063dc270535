/**
 * Pure operations on an operator's read API keys (its `.bigchaindb` `api_keys`, issue 16): issue,
 * list, revoke. Only hashes are stored; the issued key is returned once, to be shown once.
 */
import { newApiKey, type ApiKeyRecord, type IssuedApiKey } from '../../protocol/index.js';
import type { NodeConfig } from '../material/node-config.js';
import { ApiKeyNotFoundError } from './errors.js';

/** What `fedlab api-key list` shows: never a hash. */
export interface ApiKeySummary {
  id: string;
  label: string;
  created: string;
}

/** The lab's own key (`up`'s probe reads with it); its id is not hex, so no issued id clashes. */
export const LAB_KEY_ID = 'fedlab';

export const keysOf = (config: NodeConfig): ApiKeyRecord[] =>
  (config.api_keys ?? []).map((k) => ({ ...k, label: k.label ?? '' }));

export function issueKey(
  config: NodeConfig,
  label: string,
  now: Date,
  random?: (bytes: number) => Buffer,
): { config: NodeConfig; issued: IssuedApiKey } {
  const keys = keysOf(config);
  const issued = newApiKey(label, now, new Set(keys.map((k) => k.id)), random);
  return { config: { ...config, api_keys: [...keys, issued.record] }, issued };
}

export function listKeys(config: NodeConfig): ApiKeySummary[] {
  return keysOf(config).map(({ id, label, created }) => ({ id, label, created }));
}

export function revokeKey(
  config: NodeConfig,
  id: string,
  file: string,
): { config: NodeConfig; revoked: ApiKeySummary } {
  const keys = keysOf(config);
  const found = keys.find((k) => k.id === id);
  if (found === undefined)
    throw new ApiKeyNotFoundError(
      file,
      id,
      keys.map((k) => k.id),
    );
  return {
    config: { ...config, api_keys: keys.filter((k) => k.id !== id) },
    revoked: { id: found.id, label: found.label, created: found.created },
  };
}

/** The config with the lab's own key set to `record` (replacing an older one). */
export function withLabKey(config: NodeConfig, record: ApiKeyRecord): NodeConfig {
  return { ...config, api_keys: [...keysOf(config).filter((k) => k.id !== LAB_KEY_ID), record] };
}
