/** Issue 16: epoch changes never strand a block, on a real RethinkDB 2.4.4 server (epoch-drain-scenario.ts). */
import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { epochDrainScenario } from './epoch-drain-scenario.js';

epochDrainScenario('rethinkdb', () => startRethinkdb('epoch-drain'));
