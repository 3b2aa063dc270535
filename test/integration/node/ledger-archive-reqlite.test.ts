import { startReqlite } from '../../support/reqlite-process.js';
import { describeLedgerArchive } from './ledger-archive-scenario.js';

describeLedgerArchive('reqlite', () => startReqlite());
