/**
 * What every command gets: where to write, the environment, the `-c` flag, how to open the
 * database, how to wait for a shutdown signal. main.ts builds the real one; tests build their own.
 */
import type { Env } from '../config/env.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { ClusterAdmin, ClusterOpenOptions } from '../store/cluster-admin.js';
import type { SchemaAdminStore } from '../store/ledger-store.js';
import type { NodeConfig } from '../../protocol/node-config.js';
import { createLogger, type Logger, type LogLevel } from '../../shared/log.js';

/** The store operations the admin commands need. */
export type AdminStore = Pick<
  SchemaAdminStore,
  'dbName' | 'engine' | 'exists' | 'init' | 'drop' | 'setShards' | 'setReplicas' | 'close'
>;

export interface CliIo {
  /** Command output (show-config, export-my-pubkey): stdout, one line each. */
  out(line: string): void;
  /** Messages for people: stderr. */
  err(line: string): void;
  /** Ask a yes/no question; null when there is no terminal to ask on. */
  confirm(question: string): Promise<boolean | null>;
  /** All of stdin as UTF-8 (`import -`); absent where there is no stdin to read. */
  readStdin?(): Promise<string>;
}

export interface CliContext {
  io: CliIo;
  env: Env;
  /** The global `-c PATH` option. */
  configPath: string | undefined;
  openStore(config: NodeConfig, logger: Logger): Promise<AdminStore>;
  /** Open a cluster administration session (cluster-status, accounts, --wait-servers). */
  openCluster(config: NodeConfig, logger: Logger, options: ClusterOpenOptions): Promise<ClusterAdmin>;
  /** Resolves with the signal name when the process is asked to stop (SIGTERM/SIGINT). */
  waitForShutdown(): Promise<string>;
  /** Sink for structured logs (default stderr). */
  logSink?: (line: string) => void;
}

export function load(ctx: CliContext, requireFile = true): Promise<LoadedConfig> {
  return loadConfig({ configPath: ctx.configPath, env: ctx.env, requireFile });
}

/** The node logger: structured JSON on stderr with this node's public key on every line. */
export function nodeLogger(ctx: CliContext, config: NodeConfig, command: string): Logger {
  return createLogger({
    level: config.log.level as LogLevel,
    fields: { node: config.keypair.public ?? '(no keypair)', command },
    sink: ctx.logSink,
  });
}

/** Open the store, run `fn`, always close the store. */
export async function withStore<T>(
  ctx: CliContext,
  config: NodeConfig,
  logger: Logger,
  fn: (store: AdminStore) => Promise<T>,
): Promise<T> {
  const store = await ctx.openStore(config, logger);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
