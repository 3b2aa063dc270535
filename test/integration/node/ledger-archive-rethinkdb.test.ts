import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { describeLedgerArchive } from './ledger-archive-scenario.js';

describeLedgerArchive('rethinkdb', () => startRethinkdb('archive'));
