// Losing a node, on a real RethinkDB 2.4.4 server (the fedlab/rethinkdb image; one server is
// enough for liveness: the three in-process nodes share it). See liveness-scenario.ts.
import { startRethinkdb } from '../../support/rethinkdb-container.js';
import { describeLosingANode } from './liveness-scenario.js';

describeLosingANode('rethinkdb', () => startRethinkdb('liveness'));
