/** Membership epochs on running nodes, on a real RethinkDB 2.4.4 server (membership-scenario.ts). */
import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { membershipScenario } from './membership-scenario.js';

membershipScenario('rethinkdb', () => startRethinkdb('membership'));
