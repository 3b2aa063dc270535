/** /health's servers, schemaReady and counts with a node on a real RethinkDB 2.4.4 server. */
import { startRethinkdb, type RethinkServer } from '../../support/rethinkdb-container.js';
import { healthScenario } from './health-scenario.js';

describe('/health on RethinkDB 2.4.4', () => {
  let server: RethinkServer | undefined;
  healthScenario(
    'rethinkdb',
    async () => (server = await startRethinkdb('health')),
    () => [server?.serverName ?? '?'],
  );
});
