// Ledger safety rules of the store on a real RethinkDB 2.4.4 server: see ledger-safety-scenario.ts.
import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { describeLedgerSafety } from './ledger-safety-scenario.js';

describeLedgerSafety('rethinkdb', () => startRethinkdb('safety'));
