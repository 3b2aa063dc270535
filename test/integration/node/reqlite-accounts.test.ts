/**
 * The account commands on reqlite, with the real context and the real reqlite server (the unit
 * tests use a fake cluster admin; this checks the real one says the same): reqlite has no users,
 * so set-admin-password and create-user refuse with ENGINE_LIMITATION and a plain explanation,
 * print no password, and cluster-status reports the one shared server.
 */
import { startReqlite } from '../../support/reqlite-process.js';
import { InProcessCli } from './cli-in-process.js';

let server: Awaited<ReturnType<typeof startReqlite>>;
const cli = new InProcessCli(() => ({
  BIGCHAINDB_DATABASE_HOST: server.host,
  BIGCHAINDB_DATABASE_PORT: String(server.port),
}));
const SECRET = 'never-shown-5d1c0e';

beforeAll(async () => {
  server = await startReqlite();
  await cli.setup();
  expect((await cli.run(['configure', '-y'])).code).toBe(0);
});
afterAll(async () => {
  await server?.stop();
  await cli.teardown();
});

describe('account commands on reqlite', () => {
  test('create-user refuses: reqlite has no users', async () => {
    const run = await cli.run(['create-user', 'node-a'], { BIGCHAINDB_USER_PASSWORD_NODE_A: SECRET });
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/^error: reqlite cannot create database users/m);
    expect(run.all).not.toContain(SECRET);
  });

  test('set-admin-password refuses: reqlite has no users', async () => {
    const run = await cli.run(['set-admin-password'], {
      BIGCHAINDB_DATABASE_USER: 'admin',
      BIGCHAINDB_DATABASE_PASSWORD: SECRET,
    });
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/^error: reqlite cannot set the admin password/m);
    expect(run.all).not.toContain(SECRET);
  });

  test('cluster-status names the one reqlite server', async () => {
    const run = await cli.run(['cluster-status', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out.join('\n'))).toMatchObject({ engine: 'reqlite', servers: ['reqlite'] });
  });
});
