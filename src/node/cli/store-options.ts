/** How the CLI reaches the database: config `database.*` -> the store's connect options. */
import type { NodeConfig } from '../../protocol/node-config.js';
import type { StoreConnectOptions } from '../store/ledger-store.js';

export function storeConnectOptions(config: NodeConfig): StoreConnectOptions {
  const { host, port, name, user, password } = config.database;
  return {
    host,
    port,
    db: name,
    ...(user === null ? {} : { user }),
    ...(password === null ? {} : { password }),
  };
}
