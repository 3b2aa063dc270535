import { randomBytes } from 'node:crypto';
import { open, readFile, stat, chmod } from 'node:fs/promises';
import { rethinkdbServerName } from '../federation/names.js';
import { MaterialError } from '../errors.js';
import { PRIVATE_FILE_MODE, type NodeConfig } from './node-config.js';

/**
 * Database users and their passwords (engine rethinkdb; reqlite has no users). The cluster's admin
 * password lives in the designated operator's directory; each node connects as its own user,
 * whose password lives only in that operator's .bigchaindb. Both are generated once and kept:
 * the data volumes keep the users, so a later `up` must present the same passwords.
 */

export const ADMIN_USER = 'admin';

/** The RethinkDB user of an operator's node (letters, digits and "_" only). */
export const nodeDatabaseUser = (operator: string): string => `fedlab_${rethinkdbServerName(operator)}`;

/** Where the node CLI's `create-user NAME` reads NAME's password (never from argv). */
export const userPasswordEnv = (user: string): string =>
  `BIGCHAINDB_USER_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** 192 random bits, URL-safe: no quoting trouble in env, JSON or a config file. */
export const generatePassword = (): string => randomBytes(24).toString('base64url');

/**
 * The admin password in `file` (mode 0600), generated when the file is missing or empty. The
 * file is created 0600 (and chmod-ed, whatever the umask) before the password is written into it.
 */
export async function ensureAdminPassword(file: string): Promise<string> {
  const existing = await readSecret(file);
  if (existing) return existing;
  const password = generatePassword();
  const handle = await open(file, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(password + '\n');
  } finally {
    await handle.close();
  }
  return password;
}

/**
 * The admin password `up` wrote in `file`, for commands on a running federation: read, never
 * generated (a new one would not match the cluster's).
 */
export async function readAdminPassword(file: string): Promise<string> {
  const password = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new MaterialError(
      file,
      'the cluster admin password cannot be read; is this the state directory the federation was made with?',
      cause,
    );
  });
  return password.trim();
}

/** The secret in `file` ('' when missing or empty); a file others may read is narrowed to 0600. */
async function readSecret(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new MaterialError(file, 'cannot be read', cause);
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, PRIVATE_FILE_MODE);
  return text.trim();
}

/** The node's database credentials: its own user, keeping the password already generated for it. */
export function nodeCredentials(config: NodeConfig, user: string): { user: string; password: string } {
  const current = configuredCredentials(config);
  return current?.user === user ? current : { user, password: generatePassword() };
}

/** The node user and password an operator's .bigchaindb holds (undefined when it holds none). */
export function configuredCredentials(config: NodeConfig): { user: string; password: string } | undefined {
  const { user, password } = config.database ?? {};
  return typeof user === 'string' && typeof password === 'string' && password !== ''
    ? { user, password }
    : undefined;
}
