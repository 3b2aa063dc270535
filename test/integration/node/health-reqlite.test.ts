/** /health's servers, schemaReady and counts with a node on reqlite (servers: ["reqlite"]). */
import { startReqlite } from '../../support/reqlite-process.js';
import { healthScenario } from './health-scenario.js';

describe('/health on reqlite', () => {
  healthScenario(
    'reqlite',
    async () => {
      const s = await startReqlite();
      return { host: s.host, port: s.port, stop: () => s.stop(), logs: async () => s.output() };
    },
    () => ['reqlite'],
  );
});
