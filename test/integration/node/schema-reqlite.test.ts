/** Schema readiness and init on reqlite (the same scenario as schema-rethinkdb.test.ts). */
import { startReqlite } from '../../support/reqlite-process.js';
import { schemaScenario } from './schema-scenario.js';

describe('schema readiness and init on reqlite', () => {
  schemaScenario('reqlite', async () => {
    const server = await startReqlite();
    return {
      host: server.host,
      port: server.port,
      stop: () => server.stop(),
      logs: async () => server.output(),
    };
  });
});
