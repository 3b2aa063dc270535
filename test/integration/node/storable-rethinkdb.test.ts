/** What can be stored (issue 16), on a real RethinkDB 2.4.4 server. */
import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { storableScenario } from './storable-scenario.js';

describe('storable limits on RethinkDB 2.4.4', () => {
  storableScenario('rethinkdb', () => startRethinkdb('storable'));
});
