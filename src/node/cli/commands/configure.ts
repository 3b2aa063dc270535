/**
 * `bigchaindb configure [-y]`: write a config file with a fresh keypair. The values come from
 * the defaults and the BIGCHAINDB_* environment (e.g. BIGCHAINDB_DATABASE_HOST), so a container
 * can be configured without prompts. An existing file is never replaced without -y.
 */
import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generateKeypair } from '../../../shared/crypto/index.js';
import { locateConfigFile, writeConfigFile } from '../../config/file.js';
import { parseConfig, resolveConfig } from '../../config/parse.js';
import type { NodeConfig } from '../../../protocol/node-config.js';
import { ConfigExistsError } from '../cli-errors.js';
import type { CliContext } from '../context.js';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The config to write: defaults < env, with a fresh keypair unless the env gives one. */
export function freshConfig(ctx: Pick<CliContext, 'env'>, path: string): NodeConfig {
  const base = resolveConfig({ env: ctx.env, filePath: path });
  if (base.keypair.public !== null) return base;
  const keypair = generateKeypair();
  return parseConfig({ ...base, keypair: { public: keypair.publicKey, private: keypair.privateKey } }, path);
}

export async function configureCommand(ctx: CliContext, options: { yes: boolean }): Promise<void> {
  const path = locateConfigFile(ctx.configPath, ctx.env);
  if ((await exists(path)) && !options.yes) throw new ConfigExistsError(path);
  const config = freshConfig(ctx, path);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeConfigFile(path, config);
  ctx.io.err(`wrote ${path} (mode 0600); this node's public key: ${config.keypair.public ?? ''}`);
}
