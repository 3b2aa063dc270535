/** Locate, read and resolve the config in one call (what the CLI commands use). */
import { FedlabError } from '../../shared/errors.js';
import type { Env } from './env.js';
import { locateConfigFile, readConfigFile } from './file.js';
import type { ConfigLayer } from './merge.js';
import { resolveConfig } from './parse.js';
import type { NodeConfig } from '../../protocol/node-config.js';

export interface LoadOptions {
  /** The `-c PATH` flag. */
  configPath?: string;
  env?: Env;
  flags?: ConfigLayer;
  /** Fail when the file does not exist (every command except `configure`). */
  requireFile?: boolean;
}

export interface LoadedConfig {
  path: string;
  exists: boolean;
  config: NodeConfig;
}

export class ConfigMissingError extends FedlabError {
  constructor(path: string) {
    super('CONFIG_MISSING', `no config file at ${path}; run \`bigchaindb -c ${path} configure\` first`, {
      details: { path },
    });
  }
}

export class KeypairMissingError extends FedlabError {
  constructor(path: string) {
    super(
      'KEYPAIR_MISSING',
      `${path} has no keypair; run \`bigchaindb -c ${path} configure -y\` to create one`,
      {
        details: { path },
      },
    );
  }
}

export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const path = locateConfigFile(options.configPath, env);
  const file = await readConfigFile(path);
  if (file === undefined && options.requireFile) throw new ConfigMissingError(path);
  const config = resolveConfig({ file, filePath: path, env, flags: options.flags });
  return { path, exists: file !== undefined, config };
}

/** The keypair of a config, or KeypairMissingError. */
export function requireKeypair(loaded: LoadedConfig): { publicKey: string; privateKey: string } {
  const { public: publicKey, private: privateKey } = loaded.config.keypair;
  if (publicKey === null || privateKey === null) throw new KeypairMissingError(loaded.path);
  return { publicKey, privateKey };
}
