/**
 * The API's read access from the node's config, said once at start: the policy and how many keys
 * (ids only; a hash or key never reaches a log line).
 */
import type { NodeConfig } from '../../protocol/node-config.js';
import type { Logger } from '../../shared/log.js';
import type { ReadAccess } from './read-access.js';

export function readAccessOf(config: Pick<NodeConfig, 'policy' | 'api_keys'>, logger: Logger): ReadAccess {
  const access: ReadAccess = { policy: config.policy.read, keys: config.api_keys };
  if (access.policy === 'api-key') {
    logger.info('read_access', { policy: access.policy, api_keys: access.keys.map((k) => k.id) });
    if (access.keys.length === 0)
      logger.warn('read_access_no_keys', {
        problem:
          'policy.read is "api-key" but api_keys is empty: nobody can read from this node; ' +
          'issue a key (fedlab api-key issue <operator>) and restart the node',
      });
  }
  return access;
}
