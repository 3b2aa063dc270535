/** Reading and writing the `.bigchaindb` file; the only config code that touches the disk. */
import { chmod, open, readFile, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../shared/errors.js';
import type { Env } from './env.js';
import type { NodeConfig } from '../../protocol/node-config.js';

export const CONFIG_PATH_ENV = 'BIGCHAINDB_CONFIG_PATH';
export const CONFIG_FILE_MODE = 0o600;

/** `-c PATH`, else $BIGCHAINDB_CONFIG_PATH, else ~/.bigchaindb. */
export function locateConfigFile(
  flag: string | undefined,
  env: Env,
  home: string = env.HOME || homedir(),
): string {
  const chosen = flag ?? (env[CONFIG_PATH_ENV] || undefined);
  return chosen === undefined ? join(home, '.bigchaindb') : resolve(chosen);
}

/** The parsed JSON of the file, or undefined when it does not exist. */
export async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(path, [`(root): cannot read the file (${(e as Error).message})`], e);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError(path, [`(root): not valid JSON (${(e as Error).message})`], e);
  }
}

/**
 * Writes the config atomically with mode 0600 (it holds the private key): a temp file created
 * 0600 in the same directory, fsynced, renamed over the target, then chmod in case the umask or
 * an older file left other bits.
 */
export async function writeConfigFile(path: string, config: NodeConfig): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', CONFIG_FILE_MODE);
  try {
    await handle.writeFile(JSON.stringify(config, null, 2) + '\n', 'utf8');
    await handle.sync();
    await handle.close();
    await chmod(tmp, CONFIG_FILE_MODE);
    await rename(tmp, path);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await chmod(path, CONFIG_FILE_MODE);
}
