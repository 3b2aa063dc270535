import { notYet, pollUntil, ready } from '../../shared/poll.js';
import type { BlockStore, SchemaAdminStore } from '../store/ledger-store.js';

/** Wait until the database has its genesis block (init by this or another node). */
export function waitForGenesis(
  store: Pick<SchemaAdminStore, 'dbName' | 'exists'> & Pick<BlockStore, 'getGenesisBlockId'>,
  timeoutMs: number,
): Promise<string> {
  return pollUntil(
    async () =>
      (await store.exists())
        ? ready(await store.getGenesisBlockId())
        : notYet(`database "${store.dbName}" does not exist (run \`bigchaindb init\`)`),
    { what: `the genesis block of "${store.dbName}"`, timeoutMs, intervalMs: 200 },
  );
}
