/**
 * `bigchaindb init`: create the database, tables, indexes and the genesis block (signed by this
 * node). Refuses when the database exists (the store's DatabaseExistsError says what to do).
 */
import { makeGenesisBlock } from '../../core/index.js';
import { requireKeypair, type LoadedConfig } from '../../config/load.js';
import { load, nodeLogger, withStore, type AdminStore, type CliContext } from '../context.js';

export async function initDatabase(store: AdminStore, loaded: LoadedConfig): Promise<void> {
  await store.init({ genesis: makeGenesisBlock(requireKeypair(loaded)) });
}

export async function initCommand(ctx: CliContext): Promise<void> {
  const loaded = await load(ctx);
  requireKeypair(loaded);
  const logger = nodeLogger(ctx, loaded.config, 'init');
  await withStore(ctx, loaded.config, logger, (store) => initDatabase(store, loaded));
  ctx.io.err(
    `initialized database "${loaded.config.database.name}" on ${loaded.config.database.host}:${loaded.config.database.port}`,
  );
}
