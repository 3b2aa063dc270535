/** The node's `.bigchaindb` config: schema, pure resolution, and file I/O. */
export { configSchema, defaultConfig, type NodeConfig } from '../../protocol/node-config.js';
export { configLeaves, ENV_PREFIX, type ConfigLeaf, type LeafKind } from './leaves.js';
export { envOverrides, coerceEnvValue, type Env, type EnvOverrides } from './env.js';
export { mergeLayers, setPath, getPath, type ConfigLayer } from './merge.js';
export { resolveConfig, parseConfig, crossCheck, type ConfigSources } from './parse.js';
export { maskConfig, MASK } from './mask.js';
export { parseBind, type ListenAddress } from './bind.js';
export { isBase58Key, publicKeyOfPrivate } from './keys.js';
export {
  locateConfigFile,
  readConfigFile,
  writeConfigFile,
  CONFIG_PATH_ENV,
  CONFIG_FILE_MODE,
} from './file.js';
export {
  loadConfig,
  requireKeypair,
  ConfigMissingError,
  KeypairMissingError,
  type LoadOptions,
  type LoadedConfig,
} from './load.js';
