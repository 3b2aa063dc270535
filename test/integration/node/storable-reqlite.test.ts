/** What can be stored (issue 16), on reqlite (it is laxer than RethinkDB; the rule is the same). */
import { startReqlite } from '../../support/reqlite-process.js';
import { storableScenario } from './storable-scenario.js';

describe('storable limits on reqlite', () => {
  storableScenario('reqlite', () => startReqlite());
});
