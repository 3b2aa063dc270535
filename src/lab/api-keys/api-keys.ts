/**
 * `fedlab api-key issue|list|revoke` (issue 16): read API keys of one operator, kept as hashes in
 * that operator's `.bigchaindb` (`api_keys`). Issuing and revoking rewrite the file, then restart
 * that operator's node so it reads them (node-pickup.ts says why a restart).
 */
import { access, readdir } from 'node:fs/promises';
import type { LabContext } from '../context.js';
import { UnknownOperatorError } from '../errors.js';
import { readNodeConfig, writeNodeConfig, type NodeConfig } from '../material/node-config.js';
import { FederationPaths } from '../material/paths.js';
import { issueKey, LAB_KEY_ID, listKeys, revokeKey, type ApiKeySummary } from './key-list.js';
import { checkKeyAccepted, restartNodeFor, type PickUp } from './node-pickup.js';

export type ApiKeyContext = Pick<LabContext, 'stateDir' | 'docker' | 'progress' | 'timeouts' | 'signal'>;

export interface ApiKeyChange {
  federation: string;
  operator: string;
  /** The operator's node: restarted with the new keys, or why not (they apply when it starts). */
  node: PickUp;
  /** Sentences for the person (the node's policy.read, what to do next). */
  notes: string[];
}

export interface IssuedKey extends ApiKeyChange, ApiKeySummary {
  /** The key itself: shown once, stored nowhere (only its sha256 is). */
  key: string;
}

export interface RevokedKey extends ApiKeyChange {
  revoked: ApiKeySummary;
}

async function operatorConfig(ctx: ApiKeyContext, federation: string, operator: string) {
  const paths = new FederationPaths(ctx.stateDir, federation);
  const file = paths.nodeConfig(operator);
  try {
    await access(file);
  } catch {
    const dirs = await readdir(paths.root, { withFileTypes: true }).catch(() => []);
    const known: string[] = [];
    for (const d of dirs)
      if (
        d.isDirectory() &&
        (await access(paths.nodeConfig(d.name)).then(
          () => true,
          () => false,
        ))
      )
        known.push(d.name);
    throw new UnknownOperatorError(federation, operator, known);
  }
  return { file, config: await readNodeConfig(file) };
}

function readPolicyNote(config: NodeConfig): string[] {
  return config.policy?.read === 'api-key'
    ? []
    : [
        'this node\'s policy.read is "anyone": the key is not asked for until the federation file sets ' +
          'policy.read: api-key (then run fedlab up)',
      ];
}

export async function issueApiKey(
  ctx: ApiKeyContext,
  federation: string,
  operator: string,
  label = '',
  now = new Date(),
): Promise<IssuedKey> {
  const { file, config } = await operatorConfig(ctx, federation, operator);
  const { config: next, issued } = issueKey(config, label, now);
  await writeNodeConfig(file, next);
  const node = await restartNodeFor(ctx, federation, operator);
  if (node.restarted && config.policy?.read === 'api-key') await checkKeyAccepted(node.apiUrl, issued.key);
  const { id, created } = issued.record;
  return { federation, operator, key: issued.key, id, label, created, node, notes: readPolicyNote(config) };
}

export async function listApiKeys(
  ctx: ApiKeyContext,
  federation: string,
  operator: string,
): Promise<ApiKeySummary[]> {
  return listKeys((await operatorConfig(ctx, federation, operator)).config);
}

export async function revokeApiKey(
  ctx: ApiKeyContext,
  federation: string,
  operator: string,
  id: string,
): Promise<RevokedKey> {
  const { file, config } = await operatorConfig(ctx, federation, operator);
  const { config: next, revoked } = revokeKey(config, id, file);
  await writeNodeConfig(file, next);
  const node = await restartNodeFor(ctx, federation, operator);
  const notes =
    id === LAB_KEY_ID
      ? ['that was the lab\'s own key: fedlab up issues it again while policy.read is "api-key"']
      : [];
  return { federation, operator, revoked, node, notes };
}
