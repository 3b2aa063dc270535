// Ledger safety rules of the store on reqlite: see ledger-safety-scenario.ts.
import { startReqlite } from '../../support/reqlite-process.js';
import { describeLedgerSafety } from './ledger-safety-scenario.js';

describeLedgerSafety('reqlite', () => startReqlite());
