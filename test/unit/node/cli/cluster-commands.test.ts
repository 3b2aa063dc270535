/** cluster-status, set-admin-password, create-user and init's flags, on a pretend cluster. */
import { readFile } from 'node:fs/promises';
import { MASK } from '../../../../src/node/config/index.js';
import { userPasswordEnvName, userPasswords } from '../../../../src/node/cli/commands/create-user.js';
import { CliHarness } from './cli-harness.js';
import { FakeCluster } from './fake-cluster-admin.js';

const h = new CliHarness();
const PASSWORD = 'correct-horse-battery';
beforeEach(async () => {
  h.env = {};
  h.store = new (h.store.constructor as new () => typeof h.store)();
  h.cluster = new FakeCluster();
  await h.setup();
  expect((await h.run('-c', h.configPath, 'configure', '-y')).code).toBe(0);
});
afterEach(() => h.teardown());

const everything = (run: { out: string[]; err: string[] }): string => [...run.out, ...run.err].join('\n');

describe('create-user passwords come from the environment', () => {
  test('variable names: upper-cased, every character outside A-Z0-9 as "_"', () => {
    expect(userPasswordEnvName('node-a')).toBe('BIGCHAINDB_USER_PASSWORD_NODE_A');
    expect(userPasswordEnvName('Alice.Ops 2')).toBe('BIGCHAINDB_USER_PASSWORD_ALICE_OPS_2');
    expect(userPasswordEnvName('bob')).toBe('BIGCHAINDB_USER_PASSWORD_BOB');
  });
  test('every missing variable is named; duplicates are one user', () => {
    expect(() => userPasswords(['a', 'b-c'], { BIGCHAINDB_USER_PASSWORD_A: 'x' })).toThrow(
      /set BIGCHAINDB_USER_PASSWORD_B_C$/,
    );
    expect(userPasswords(['a', 'a'], { BIGCHAINDB_USER_PASSWORD_A: 'x' })).toEqual([
      { name: 'a', password: 'x' },
    ]);
  });
});

describe('create-user', () => {
  test('missing password variable: usage error naming it, nothing created', async () => {
    const run = await h.run('-c', h.configPath, 'create-user', 'node-a');
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      'error: create-user takes each password from the environment, never from the command line; set BIGCHAINDB_USER_PASSWORD_NODE_A',
    ]);
    expect(h.cluster.users.size).toBe(0);
  });
  test('creates each user with its grants; prints names and grants, never a password', async () => {
    h.env = { BIGCHAINDB_USER_PASSWORD_NODE_A: 'pa-secret', BIGCHAINDB_USER_PASSWORD_NODE_B: 'pb-secret' };
    const run = await h.run('-c', h.configPath, 'create-user', 'node-a', 'node-b');
    expect(run.code).toBe(0);
    expect(run.out).toEqual([
      'user node-a: read+write on bigchain, read (no write) on bigchain.membership, read on rethinkdb',
      'user node-b: read+write on bigchain, read (no write) on bigchain.membership, read on rethinkdb',
    ]);
    expect(h.cluster.users.get('node-b')?.password).toBe('pb-secret');
    expect(everything(run)).not.toMatch(/p[ab]-secret/);
    expect(h.cluster.closed).toBe(1);
  });
  test('reqlite: ENGINE_LIMITATION with a plain explanation', async () => {
    h.cluster.engine = 'reqlite';
    h.env = { BIGCHAINDB_USER_PASSWORD_NODE_A: 'x' };
    const run = await h.run('-c', h.configPath, 'create-user', 'node-a');
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/^error: reqlite cannot create database users/);
  });
});

describe('set-admin-password', () => {
  test('needs admin and a non-empty configured password', async () => {
    h.env = { BIGCHAINDB_DATABASE_USER: 'node_a', BIGCHAINDB_DATABASE_PASSWORD: PASSWORD };
    expect(await h.run('-c', h.configPath, 'set-admin-password')).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/needs database.user "admin" \(configured: "node_a"\)/)],
    });
    h.env = {};
    const run = await h.run('-c', h.configPath, 'set-admin-password');
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(
      /from database.password \(or BIGCHAINDB_DATABASE_PASSWORD\), never from the command line/,
    );
  });
  test('fresh cluster: sets it; again: already set; the password is never printed', async () => {
    h.env = { BIGCHAINDB_DATABASE_PASSWORD: PASSWORD, BIGCHAINDB_DATABASE_USER: 'admin' };
    const first = await h.run(
      '-c',
      h.configPath,
      'set-admin-password',
      '--wait-servers',
      '3',
      '--timeout',
      '30',
    );
    expect(first).toMatchObject({ code: 0, out: ['admin password set'] });
    expect(h.cluster.adminPassword).toBe(PASSWORD);
    expect(h.cluster.opened[0]).toEqual({ timeoutMs: 30_000, waitServers: 3, tryEmptyAdminPassword: true });
    const again = await h.run('-c', h.configPath, 'set-admin-password');
    expect(again).toMatchObject({ code: 0, out: ['admin password already set'] });
    expect(everything(first) + everything(again)).not.toContain(PASSWORD);
  });
  test('--json: what it did and the servers, in one object; never the password', async () => {
    h.env = { BIGCHAINDB_DATABASE_PASSWORD: PASSWORD, BIGCHAINDB_DATABASE_USER: 'admin' };
    const first = await h.run('-c', h.configPath, 'set-admin-password', '--wait-servers', '3', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out.join('\n'))).toEqual({
      adminPassword: 'set',
      servers: ['rdb-a', 'rdb-b', 'rdb-c'],
    });
    const again = await h.run('-c', h.configPath, 'set-admin-password', '--json');
    expect(JSON.parse(again.out.join('\n'))).toMatchObject({ adminPassword: 'already set' });
    expect(everything(first) + everything(again)).not.toContain(PASSWORD);
  });
  test('a different password already set: refused, one line, no password', async () => {
    h.cluster.adminPassword = 'another-one';
    h.env = { BIGCHAINDB_DATABASE_PASSWORD: PASSWORD };
    const run = await h.run('-c', h.configPath, 'set-admin-password');
    expect(run.code).toBe(1);
    expect(run.err).toEqual([expect.stringMatching(/^error: database fake:28015 refused user "admin"/)]);
    expect(everything(run)).not.toContain(PASSWORD);
  });
  test('--wait-servers: fewer servers than asked fails naming those seen', async () => {
    h.cluster.servers = ['rdb-a'];
    h.env = { BIGCHAINDB_DATABASE_PASSWORD: PASSWORD };
    const run = await h.run(
      '-c',
      h.configPath,
      'set-admin-password',
      '--wait-servers',
      '3',
      '--timeout',
      '5',
    );
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/only 1 of 3 RethinkDB servers were seen after 5 s \(seen: rdb-a\)/);
  });
});

describe('cluster-status', () => {
  test('--json prints the status object; a fresh cluster reports adminPasswordSet false', async () => {
    h.env = { BIGCHAINDB_DATABASE_PASSWORD: PASSWORD };
    const run = await h.run('-c', h.configPath, 'cluster-status', '--json');
    expect(run.code).toBe(0);
    const status = JSON.parse(run.out.join('\n')) as Record<string, unknown>;
    expect(status).toMatchObject({
      engine: 'rethinkdb',
      servers: ['rdb-a', 'rdb-b', 'rdb-c'],
      adminPasswordSet: false,
      database: { name: 'bigchain', exists: true, ready: true },
    });
    expect(h.cluster.opened[0]).toEqual({ timeoutMs: 120_000, tryEmptyAdminPassword: true });
  });
  test('readable lines without --json; bad --wait-servers is a usage error', async () => {
    h.cluster.engine = 'reqlite';
    const run = await h.run('-c', h.configPath, 'cluster-status');
    expect(run.out.slice(0, 3)).toEqual([
      'engine: reqlite',
      'servers (1): reqlite',
      'admin password set: no',
    ]);
    const bad = await h.run('-c', h.configPath, 'cluster-status', '--wait-servers', 'many');
    expect(bad).toMatchObject({
      code: 2,
      err: ['error: --wait-servers must be a positive integer, got "many"'],
    });
  });
});

describe('init flags', () => {
  test('--wait-servers, --shards, --replicas and --timeout reach the cluster and the store', async () => {
    h.cluster.adminPassword = null;
    const run = await h.run(
      '-c',
      h.configPath,
      'init',
      '--wait-servers',
      '3',
      '--shards',
      '1',
      '--replicas',
      '3',
      '--timeout',
      '90',
    );
    expect(run.code).toBe(0);
    expect(h.cluster.opened).toEqual([{ timeoutMs: 90_000, waitServers: 3 }]);
    expect(h.store.inits[0]).toMatchObject({ shards: 1, replicas: 3, timeoutMs: 90_000 });
    expect(run.err.at(-1)).toMatch(
      /^initialized database "bigchain" on localhost:28015 with 1 shard\(s\) x 3 replica\(s\)/,
    );
  });
  test('--heartbeat-timeout sets the cluster heartbeat before init, and says what it was', async () => {
    h.cluster.adminPassword = null;
    const run = await h.run('-c', h.configPath, 'init', '--heartbeat-timeout', '3');
    expect(run.code).toBe(0);
    expect(h.cluster.heartbeatTimeoutSecs).toBe(3);
    expect(run.err).toContain('cluster heartbeat timeout 10 s -> 3 s');
    expect(h.store.inits).toHaveLength(1);
    const bad = await h.run('-c', h.configPath, 'init', '--heartbeat-timeout', '0');
    expect(bad.code).toBe(2);
    expect(h.cluster.heartbeatTimeoutSecs).toBe(3);
  });
  test('--heartbeat-timeout on reqlite is refused with the reason, before anything is created', async () => {
    h.cluster.engine = 'reqlite';
    const run = await h.run('-c', h.configPath, 'init', '--heartbeat-timeout', '3');
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/reqlite cannot set a cluster heartbeat timeout/);
    expect(h.store.inits).toHaveLength(0);
  });
  test('--users, --keep-existing, --json: init, the users and the status in one run', async () => {
    h.env = { BIGCHAINDB_USER_PASSWORD_NODE_A: 'pa-secret', BIGCHAINDB_USER_PASSWORD_NODE_B: 'pb-secret' };
    const args = ['-c', h.configPath, 'init', '--replicas', '3', '--keep-existing', '--json'];
    const first = await h.run(...args, '--users', 'node-a', 'node-b', '--timeout', '90');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out.join('\n')) as Record<string, unknown>;
    expect(report).toMatchObject({
      database: 'created',
      users: [
        {
          name: 'node-a',
          grants: expect.arrayContaining([expect.stringMatching(/read\+write on bigchain/)]),
        },
        { name: 'node-b' },
      ],
      status: { engine: 'rethinkdb', servers: ['rdb-a', 'rdb-b', 'rdb-c'], database: { name: 'bigchain' } },
    });
    expect(h.store.inits[0]).toMatchObject({ replicas: 3, timeoutMs: 90_000 });
    expect(h.cluster.users.get('node-b')?.password).toBe('pb-secret');
    expect(first.err).toContain(
      'user node-a: read+write on bigchain, read (no write) on bigchain.membership, read on rethinkdb',
    );
    // Again: the database is kept (exit 0, "existed"), the users are updated all the same.
    h.env.BIGCHAINDB_USER_PASSWORD_NODE_A = 'pa-secret-2';
    const again = await h.run(...args, '--users', 'node-a', 'node-b');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out.join('\n'))).toMatchObject({ database: 'existed' });
    expect(again.err).toContainEqual(
      expect.stringMatching(/already exists.*kept as it is \(--keep-existing\)$/),
    );
    expect(h.cluster.users.get('node-a')?.password).toBe('pa-secret-2');
    expect(h.store.inits).toHaveLength(1);
    expect(h.cluster.closed).toBe(2);
    expect(everything(first) + everything(again)).not.toMatch(/p[ab]-secret/);
  });
  test('--users with a password missing: usage error before anything runs; without --keep-existing, "already exists"', async () => {
    const missing = await h.run('-c', h.configPath, 'init', '--users', 'node-a');
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/set BIGCHAINDB_USER_PASSWORD_NODE_A$/);
    expect(h.store.inits).toHaveLength(0);
    expect(h.cluster.opened).toEqual([]);
    expect((await h.run('-c', h.configPath, 'init')).code).toBe(0);
    const twice = await h.run('-c', h.configPath, 'init', '--json');
    expect(twice.code).toBe(1);
    expect(twice.err[0]).toMatch(/already exists/);
    expect(twice.out).toEqual([]);
  });
  test('without flags: no cluster session, the default timeout', async () => {
    expect((await h.run('-c', h.configPath, 'init')).code).toBe(0);
    expect(h.cluster.opened).toEqual([]);
    expect(h.store.inits[0]).toMatchObject({ timeoutMs: 120_000 });
    expect(h.store.inits[0]?.shards).toBeUndefined();
  });
});

describe('the database password never shows', () => {
  test('show-config masks database.password as well as the private key', async () => {
    h.env = { BIGCHAINDB_DATABASE_PASSWORD: PASSWORD };
    const run = await h.run('-c', h.configPath, 'show-config');
    const shown = JSON.parse(run.out.join('\n')) as { database: { password: string } };
    expect(shown.database.password).toBe(MASK);
    expect(everything(run)).not.toContain(PASSWORD);
    expect(await readFile(h.configPath, 'utf8')).not.toContain(PASSWORD);
  });
});
