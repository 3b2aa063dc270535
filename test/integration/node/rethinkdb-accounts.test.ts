/**
 * The node's cluster commands against a real RethinkDB 2.4.4 server, in-process with the real
 * context: cluster-status, set-admin-password (fresh, then again), a refused password, init,
 * set-replicas beyond the servers, set-shards (write_acks majority), create-user and what that
 * user may and may not do. No password ever shows in any output or log.
 */
import { r } from 'rethinkdb-ts';
import type { ClusterStatus } from '../../../src/node/store/index.js';
import { namedSteps } from '../../support/named-steps.js';
import { freePort } from '../../support/reqlite-process.js';
import { startRethinkdb, type RethinkServer } from '../../support/rethinkdb-container.js';
import { InProcessCli } from './cli-in-process.js';

const ADMIN_PW = 'admin-pw-7f3a9c';
const USER_PW = 'node-a-pw-2b8e41';
let server: RethinkServer;
const cli = new InProcessCli(() => ({
  BIGCHAINDB_DATABASE_HOST: server.host,
  BIGCHAINDB_DATABASE_PORT: String(server.port),
}));
const { step, failed } = namedSteps();
const asAdmin = { BIGCHAINDB_DATABASE_PASSWORD: ADMIN_PW };

beforeAll(async () => {
  server = await startRethinkdb('accounts');
  await cli.setup();
});
afterAll(async () => {
  if (failed() || process.env.FEDLAB_TEST_LOGS)
    process.stderr.write(`${cli.transcript.join('\n')}\nrethinkdb:\n${await server?.logs()}\n`);
  await server?.stop();
  await cli.teardown();
});

async function status(env: Record<string, string> = asAdmin): Promise<ClusterStatus> {
  const run = await cli.run(['cluster-status', '--json'], env);
  expect(run.code).toBe(0);
  return JSON.parse(run.out.join('\n')) as ClusterStatus;
}

const connectAs = (user: string, password: string) =>
  r.connect({ host: server.host, port: server.port, user, password, silent: true, timeout: 5 });

describe('cluster commands on a real RethinkDB 2.4.4 server', () => {
  step(
    'configure; cluster-status on a fresh server: one server, no admin password, no database',
    async () => {
      expect((await cli.run(['configure', '-y'])).code).toBe(0);
      expect(await status({})).toMatchObject({
        engine: 'rethinkdb',
        servers: [server.serverName],
        adminPasswordSet: false,
        database: { name: 'bigchain', exists: false, ready: false },
      });
      // The configured password is refused (none set yet): one retry with an empty one.
      expect((await status()).adminPasswordSet).toBe(false);
    },
  );

  step('--wait-servers with nothing listening: "not yet" until --timeout, then a clear error', async () => {
    const started = Date.now();
    const run = await cli.run(['cluster-status', '--wait-servers', '1', '--timeout', '3'], {
      BIGCHAINDB_DATABASE_PORT: String(await freePort()),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
    expect(run.code).toBe(1);
    expect(run.err.at(-1)).toMatch(
      /^error: only 0 of 1 RethinkDB servers were seen after 3 s \(seen: none; last problem: /,
    );
  });

  step('set-admin-password: set, then "already set"; a connection without it is refused', async () => {
    expect((await cli.run(['set-admin-password'])).code).toBe(2);
    const first = await cli.run(['set-admin-password', '--wait-servers', '1', '--timeout', '30'], asAdmin);
    expect(first).toMatchObject({ code: 0, out: ['admin password set'] });
    const again = await cli.run(['set-admin-password'], asAdmin);
    expect(again).toMatchObject({ code: 0, out: ['admin password already set'] });
    expect((await status()).adminPasswordSet).toBe(true);
    await expect(connectAs('admin', '')).rejects.toMatchObject({
      name: 'ReqlAuthError',
      msg: 'Wrong password',
    });
  });

  step('a wrong password: one clear line, the password nowhere', async () => {
    const run = await cli.run(['cluster-status'], { BIGCHAINDB_DATABASE_PASSWORD: 'wrong-pw-123' });
    expect(run.code).toBe(1);
    expect(run.err.at(-1)).toMatch(
      /^error: database 127\.0\.0\.1:\d+ refused user "admin" \(the configured password and an empty one were both refused\)/,
    );
    expect(run.all).not.toContain('wrong-pw-123');
  });

  step(
    'init --wait-servers 1 --heartbeat-timeout 3: heartbeat set, schema ready; set-replicas 3 on one server fails at once, clearly',
    async () => {
      const init = await cli.run(
        ['init', '--wait-servers', '1', '--heartbeat-timeout', '3', '--timeout', '60'],
        asAdmin,
      );
      expect(init.code).toBe(0);
      expect(init.err).toContain('cluster heartbeat timeout 10 s -> 3 s');
      const admin = await connectAs('admin', ADMIN_PW);
      const heartbeat = r.db('rethinkdb').table('cluster_config').get('heartbeat');
      expect(await heartbeat('heartbeat_timeout_secs').run(admin)).toBe(3);
      await admin.close();
      expect((await status()).database).toMatchObject({ exists: true, ready: true, missing: [] });
      const started = Date.now();
      const run = await cli.run(['set-replicas', '3'], asAdmin);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(run.code).toBe(1);
      expect(run.err.at(-1)).toMatch(
        new RegExp(
          `^error: cannot keep 3 replicas of each table: the cluster has 1 server\\(s\\) \\(${server.serverName}\\)`,
        ),
      );
      const again = await cli.run(['init'], asAdmin);
      expect(again.code).toBe(1);
      expect(again.err.at(-1)).toMatch(/already exist/);
    },
  );

  step('set-shards 2: every table 2 shards, write_acks majority; back to 1', async () => {
    expect((await cli.run(['set-shards', '2'], asAdmin)).code).toBe(0);
    const tables = (await status()).database.tables;
    expect(
      tables.every((t) => t.shards === 2 && t.replicas === 1 && t.writeAcks === 'majority' && t.ready),
    ).toBe(true);
    expect((await cli.run(['set-shards', '1'], asAdmin)).code).toBe(0);
    expect((await status()).database.tables.every((t) => t.shards === 1)).toBe(true);
  });

  step('create-user: password from the environment only; idempotent; grants printed', async () => {
    const missing = await cli.run(['create-user', 'node-a'], asAdmin);
    expect(missing.code).toBe(2);
    expect(missing.err.at(-1)).toMatch(/BIGCHAINDB_USER_PASSWORD_NODE_A$/);
    const env = { ...asAdmin, BIGCHAINDB_USER_PASSWORD_NODE_A: USER_PW };
    const created = await cli.run(['create-user', 'node-a'], env);
    expect(created).toMatchObject({
      code: 0,
      out: ['user node-a: read+write on bigchain, read (no write) on bigchain.membership, read on rethinkdb'],
    });
    expect((await cli.run(['create-user', 'node-a'], env)).code).toBe(0);
  });

  step('that user reads and writes the ledger, reads server_status, and is refused elsewhere', async () => {
    const admin = await connectAs('admin', ADMIN_PW);
    await r.dbCreate('other').run(admin);
    await r.db('other').tableCreate('t').run(admin);
    await admin.close();
    const conn = await connectAs('node-a', USER_PW);
    try {
      await r.db('bigchain').table('assets').insert({ id: 'x', data: 1, text: '1' }).run(conn);
      expect(await r.db('bigchain').table('assets').get('x').run(conn)).toMatchObject({ data: 1 });
      expect(await r.db('rethinkdb').table('server_status')('name').run(conn)).toEqual([server.serverName]);
      await expect(r.db('other').table('t').count().run(conn)).rejects.toMatchObject({
        name: 'ReqlPermissionError',
        msg: 'User `node-a` does not have the required `read` permission.',
      });
      await expect(
        r.db('rethinkdb').table('users').insert({ id: 'evil', password: 'x' }).run(conn),
      ).rejects.toMatchObject({
        name: 'ReqlPermissionError',
      });
    } finally {
      await conn.close();
    }
    await expect(connectAs('node-a', 'not-the-password')).rejects.toMatchObject({ name: 'ReqlAuthError' });
    const seen = await status({ BIGCHAINDB_DATABASE_USER: 'node-a', BIGCHAINDB_DATABASE_PASSWORD: USER_PW });
    expect(seen).toMatchObject({ servers: [server.serverName], database: { ready: true } });
  });

  step('no password ever appeared in any output or log', async () => {
    const everything = cli.transcript.join('\n');
    expect(everything).not.toContain(ADMIN_PW);
    expect(everything).not.toContain(USER_PW);
  });
});
