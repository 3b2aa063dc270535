/**
 * The lab's own read key per operator (policy.read "api-key"): `up` proves readiness by reading a
 * probe's status from every node, so the lab, which already acts for each operator (it holds
 * their private keys), holds one key per node too: the key in `<operator>/lab-api-key` (0600,
 * masked in bundles like every `*-key` file), its hash in that operator's `api_keys` as id
 * "fedlab". Made when the policy is written; kept while its hash is still listed.
 */
import { open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hashApiKey, newApiKey } from '../../protocol/index.js';
import { PRIVATE_FILE_MODE, type NodeConfig } from '../material/node-config.js';
import { keysOf, LAB_KEY_ID, withLabKey } from './key-list.js';
import type { LabContext } from '../context.js';
import type { Federation } from '../federation/model.js';
import { FederationPaths, LAB_API_KEY_FILE } from '../material/paths.js';

const LAB_KEY_LABEL = "fedlab's own reads (up's probe); the key is in lab-api-key beside this file";

/** The key in `file`, or undefined when there is none. */
export async function readLabApiKey(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim() || undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function writeSecret(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(text + '\n');
  } finally {
    await handle.close();
  }
}

/** `config` with a valid lab key listed: the existing one when its hash is there, else a new one. */
export async function withLabApiKey(
  configFile: string,
  config: NodeConfig,
  now = new Date(),
): Promise<NodeConfig> {
  const file = join(dirname(configFile), LAB_API_KEY_FILE);
  const existing = await readLabApiKey(file);
  const listed = keysOf(config).find((k) => k.id === LAB_KEY_ID);
  if (existing !== undefined && listed?.sha256 === hashApiKey(existing)) return config;
  const { key, record } = newApiKey(LAB_KEY_LABEL, now);
  await writeSecret(file, key);
  return withLabKey(config, { ...record, id: LAB_KEY_ID });
}

/** The lab's key per operator when the federation's policy.read is "api-key" (else none). */
export async function labReadKeys(
  federation: Pick<Federation, 'name' | 'policy' | 'operators'>,
  ctx: Pick<LabContext, 'stateDir'>,
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  if (federation.policy.read !== 'api-key') return keys;
  const paths = new FederationPaths(ctx.stateDir, federation.name);
  for (const op of federation.operators) {
    const key = await readLabApiKey(paths.labApiKey(op.name));
    if (key !== undefined) keys.set(op.name, key);
  }
  return keys;
}
