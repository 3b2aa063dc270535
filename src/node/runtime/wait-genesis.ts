import { describeError, TimeoutError } from '../../shared/errors.js';
import type { LedgerStore } from '../store/ledger-store.js';

/** Wait until the database has its genesis block (init by this or another node). */
export async function waitForGenesis(store: LedgerStore, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let problem = '';
  for (;;) {
    try {
      if (await store.exists()) return await store.getGenesisBlockId();
      problem = `database "${store.dbName}" does not exist (run \`bigchaindb init\`)`;
    } catch (e) {
      problem = describeError(e);
    }
    if (Date.now() >= deadline)
      throw new TimeoutError(`the genesis block of "${store.dbName}"`, timeoutMs, problem);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
