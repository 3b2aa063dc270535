// Federation safety on a real RethinkDB 2.4.4 server: see federation-safety-scenario.ts.
import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { describeFederationSafety } from './federation-safety-scenario.js';

describeFederationSafety('rethinkdb', () => startRethinkdb('fedsafety'));
