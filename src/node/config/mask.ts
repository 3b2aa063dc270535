/** What `show-config` prints: the config with secrets masked. */
import type { NodeConfig } from '../../protocol/node-config.js';

export const MASK = '********';

export function maskConfig(config: NodeConfig): NodeConfig {
  const mask = (v: string | null): string | null => (v === null ? null : MASK);
  return {
    ...config,
    keypair: { ...config.keypair, private: mask(config.keypair.private) },
    database: { ...config.database, password: mask(config.database.password) },
    // Hashes of 256-bit random keys reveal nothing, but nobody needs to see them either.
    api_keys: config.api_keys.map((k) => ({ ...k, sha256: MASK })),
  };
}
