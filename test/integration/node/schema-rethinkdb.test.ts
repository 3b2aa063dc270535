/** Schema readiness and init on a real RethinkDB 2.4.4 server (the same scenario as on reqlite). */
import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { schemaScenario } from './schema-scenario.js';

describe('schema readiness and init on RethinkDB 2.4.4', () => {
  schemaScenario('rethinkdb', () => startRethinkdb('schema'));
});
