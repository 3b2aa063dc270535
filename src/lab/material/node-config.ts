import { open, readFile } from 'node:fs/promises';
import { configSchema, type FederationPolicyInput, type NodeConfigInput } from '../../protocol/index.js';
import { MaterialError } from '../errors.js';

/**
 * The node's `.bigchaindb` (JSON, the node CLI's config format), typed by the node's own config
 * schema (src/protocol/node-config.ts): the lab reads a file only if the node would accept it, and
 * builds what it writes through the schema's input type, so it writes what the node reads. The lab
 * sets only the keys it owns (server.bind, database.*, keyring, policy) and keeps every other key
 * as the node wrote it (defaults stay implicit). The file holds the private key: it is always
 * written with mode 0600.
 */
export type NodeConfig = NodeConfigInput & { keypair: { public: string; private: string } };

export const PRIVATE_FILE_MODE = 0o600;
/** The ledger database every member's node uses (one RethinkDB cluster, shared tables). */
export const LEDGER_DATABASE = 'bigchain';

export async function readNodeConfig(file: string): Promise<NodeConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new MaterialError(file, 'cannot be read; delete it to generate a new keypair', cause);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // No cause: V8's JSON.parse message quotes the text around the error, and this file holds the
    // private key (the error chain ends up in failure bundles outside the operator's directory).
    throw new MaterialError(file, 'cannot be read as JSON; delete it to generate a new keypair');
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new MaterialError(file, `${first?.path.join('.') ?? '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  const { public: publicKey, private: privateKey } = parsed.data.keypair;
  if (publicKey === null || privateKey === null) {
    const missing = publicKey === null ? 'keypair.public' : 'keypair.private';
    throw new MaterialError(file, `${missing}: missing; delete the file to generate a new keypair`);
  }
  // The file as written (validated above), not the parsed copy: defaults stay implicit.
  const config = raw as NodeConfigInput;
  return { ...config, keypair: { public: publicKey, private: privateKey } };
}

/**
 * Writes in place (same inode: a single-file bind mount in a running container sees the change).
 * 0600 is re-applied after truncating and before writing, so a file that existed with a wider
 * mode never holds the private key while others can read it.
 */
export async function writeNodeConfig(file: string, config: NodeConfig): Promise<void> {
  const handle = await open(file, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(JSON.stringify(config, null, 2) + '\n');
  } finally {
    await handle.close();
  }
}

export interface NodeConfigSettings {
  bind: string;
  databaseHost: string;
  databasePort: number;
  databaseName?: string;
  /** The node's own database user and password (null: admin without password, as for reqlite). */
  credentials?: { user: string | null; password: string | null };
  keyring?: readonly string[];
  policy?: FederationPolicyInput;
}

/** Pure: the config with the lab's keys set; every key the node wrote stays. */
export function applyNodeSettings(config: NodeConfig, settings: NodeConfigSettings): NodeConfig {
  return {
    ...config,
    server: { ...config.server, bind: settings.bind },
    database: {
      ...config.database,
      host: settings.databaseHost,
      port: settings.databasePort,
      ...(settings.databaseName === undefined ? {} : { name: settings.databaseName }),
      ...(settings.credentials === undefined ? {} : settings.credentials),
    },
    keyring: settings.keyring === undefined ? config.keyring : [...settings.keyring],
    ...(settings.policy === undefined ? {} : { policy: settings.policy }),
  };
}
