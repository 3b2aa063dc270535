import { CommandFailedError } from '../../../src/shared/errors.js';
import { DEFAULT_TIMEOUTS } from '../../../src/lab/context.js';
import { AdminPasswordMismatchError, ClusterCli, lastJsonObject } from '../../../src/lab/up/cluster-cli.js';
import { describeTables, summarize } from '../../../src/lab/up/init-federation-database.js';
import { FakeCompose, fakeCluster } from '../../support/lab-fakes.js';

const project = { name: 'fedlab-c-alpha', file: '/x/alpha/compose.yaml' };
const cliWith = (compose: FakeCompose) =>
  new ClusterCli(
    { compose, timeouts: { ...DEFAULT_TIMEOUTS, databaseMs: 90_000 } },
    project,
    'bigchaindb-alpha',
    'the-admin-password',
    '/x/alpha/rethinkdb-admin-password',
  );

describe('cluster commands in one-shot node containers', () => {
  it('run as admin, with every password in the environment only', async () => {
    const cluster = fakeCluster(['alpha', 'beta', 'gamma']);
    const compose = new FakeCompose({ onRun: cluster.onRun });
    const cli = cliWith(compose);
    expect(await cli.setAdminPassword(3)).toBe('admin password set');
    const layout = { shards: 1, replicas: 3, heartbeatTimeoutSec: 3 };
    expect((await cli.initWithUsers(3, layout, [])).database).toBe('created');
    await cli.createUsers([
      { user: 'fedlab_alpha', password: 'pw-a' },
      { user: 'fedlab_big_beta', password: 'pw-b' },
    ]);
    expect((await cli.initWithUsers(3, layout, [])).database).toBe('existed');
    expect(compose.calls).toEqual([
      'run fedlab-c-alpha bigchaindb-alpha -c /data/.bigchaindb set-admin-password --wait-servers 3 --timeout 90',
      'run fedlab-c-alpha bigchaindb-alpha -c /data/.bigchaindb init --wait-servers 3 --shards 1 --replicas 3 --heartbeat-timeout 3 --keep-existing --json --timeout 90',
      'run fedlab-c-alpha bigchaindb-alpha -c /data/.bigchaindb create-user fedlab_alpha fedlab_big_beta',
      'run fedlab-c-alpha bigchaindb-alpha -c /data/.bigchaindb init --wait-servers 3 --shards 1 --replicas 3 --heartbeat-timeout 3 --keep-existing --json --timeout 90',
    ]);
    expect(compose.runs[2]?.env).toEqual({
      BIGCHAINDB_DATABASE_USER: 'admin',
      BIGCHAINDB_DATABASE_PASSWORD: 'the-admin-password',
      BIGCHAINDB_USER_PASSWORD_FEDLAB_ALPHA: 'pw-a',
      BIGCHAINDB_USER_PASSWORD_FEDLAB_BIG_BETA: 'pw-b',
    });
    expect(compose.calls.join(' ')).not.toMatch(/pw-a|pw-b|the-admin-password/);
  });

  it('up runs two: set-admin-password --json names the servers; init --users --json reports and keeps', async () => {
    const cluster = fakeCluster(['alpha', 'beta', 'gamma']);
    const compose = new FakeCompose({ onRun: cluster.onRun });
    const cli = cliWith(compose);
    expect(await cli.setAdminPasswordListingServers(3)).toEqual({
      said: 'admin password set',
      servers: ['alpha', 'beta', 'gamma'],
    });
    const layout = { shards: 1, replicas: 3, heartbeatTimeoutSec: 3 };
    const users = [
      { user: 'fedlab_alpha', password: 'pw-a' },
      { user: 'fedlab_big_beta', password: 'pw-b' },
    ];
    const first = await cli.initWithUsers(3, layout, users);
    expect(first.database).toBe('created');
    expect(first.status.database.tables.map((t) => t.replicas)).toEqual([3, 3, 3]);
    expect((await cli.initWithUsers(3, layout, users)).database).toBe('existed');
    expect(compose.calls[1]).toBe(
      'run fedlab-c-alpha bigchaindb-alpha -c /data/.bigchaindb init --wait-servers 3 --shards 1 --replicas 3 ' +
        '--heartbeat-timeout 3 --keep-existing --json --users fedlab_alpha fedlab_big_beta --timeout 90',
    );
    expect(compose.runs[1]?.env).toMatchObject({
      BIGCHAINDB_USER_PASSWORD_FEDLAB_ALPHA: 'pw-a',
      BIGCHAINDB_USER_PASSWORD_FEDLAB_BIG_BETA: 'pw-b',
    });
    expect([...cluster.state.users]).toEqual([
      ['fedlab_alpha', 'pw-a'],
      ['fedlab_big_beta', 'pw-b'],
    ]);
    expect(compose.calls.join(' ')).not.toMatch(/pw-a|pw-b|the-admin-password/);
  });

  it('a node image older than the lab: says to rebuild it', async () => {
    const old = new CommandFailedError(
      ['docker', 'compose', 'run'],
      2,
      "error: unknown option '--keep-existing'",
    );
    const cli = cliWith(new FakeCompose({ failRun: () => old }));
    const layout = { shards: 1, replicas: 3, heartbeatTimeoutSec: 3 };
    await expect(cli.initWithUsers(3, layout, [])).rejects.toMatchObject({
      code: 'NODE_IMAGE_OUTDATED',
      message: expect.stringMatching(/rebuild it: npm run build && \.\/scripts\/build-images\.sh$/),
    });
    await expect(cli.setAdminPasswordListingServers(3)).rejects.toMatchObject({
      code: 'NODE_IMAGE_OUTDATED',
    });
    const other = new CommandFailedError(['docker', 'compose', 'run'], 1, 'error: timed out');
    await expect(
      cliWith(new FakeCompose({ failRun: () => other })).initWithUsers(3, layout, []),
    ).rejects.toBe(other);
  });

  it('says what to do when the volumes hold another admin password (never the password)', async () => {
    const refused = new CommandFailedError(
      ['docker', 'compose', 'run'],
      1,
      'error: database rethinkdb-alpha:28015 refused user "admin" (the configured password and an empty one were both refused)',
    );
    const cli = cliWith(new FakeCompose({ failRun: () => refused }));
    const error = await cli.setAdminPassword(3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminPasswordMismatchError);
    expect((error as Error).message).toMatch(
      /refuses the admin password in \/x\/alpha\/rethinkdb-admin-password: .*Restore that file.*fedlab down --volumes/,
    );
    expect((error as Error).message).not.toContain('the-admin-password');
  });

  it('reads the JSON object that ends the output, and explains output it cannot read', async () => {
    expect(lastJsonObject('notice: x\n{\n  "a": {\n    "b": 1\n  }\n}\n')).toEqual({ a: { b: 1 } });
    expect(lastJsonObject('no json here')).toBeUndefined();
    const cli = cliWith(
      new FakeCompose({ onRun: () => ({ stdout: '{"engine": 1}', stderr: '', exitCode: 0 }) }),
    );
    await expect(
      cli.initWithUsers(3, { shards: 1, replicas: 3, heartbeatTimeoutSec: 3 }, []),
    ).rejects.toMatchObject({
      code: 'CLUSTER_STATUS_INVALID',
      message: expect.stringMatching(/^bigchaindb init --json answered something the lab cannot read/),
    });
  });
});

describe('database summary', () => {
  const status = (replicas: number | null) => ({
    engine: 'rethinkdb',
    servers: ['gamma', 'alpha', 'beta'],
    adminPasswordSet: true,
    database: {
      name: 'bigchain',
      exists: replicas !== null,
      ready: true,
      tables: ['bigchain', 'votes'].map((name) => ({
        name,
        ready: true,
        shards: replicas === null ? null : 1,
        replicas,
        writeAcks: replicas === null ? null : 'majority',
      })),
    },
  });

  it('names servers, layout and write majority', () => {
    const summary = summarize(status(3), ['fedlab_alpha']);
    expect(summary).toEqual({
      servers: ['alpha', 'beta', 'gamma'],
      shards: 1,
      replicas: 3,
      writeAcks: 'majority',
      users: ['fedlab_alpha'],
    });
    expect(describeTables(summary, 3)).toBe('tables: 1 shard, 3 replicas each, write acks majority (2 of 3)');
    expect(describeTables(summarize(status(2), []), 3)).toMatch(
      /2 replicas each, write acks majority \(2 of 2\); the federation file says 3: the existing tables keep 2$/,
    );
  });

  it('tables that do not exist yet have no layout', () => {
    const summary = summarize(status(null), []);
    expect(summary.replicas).toBeUndefined();
    expect(describeTables(summary, 3)).toBe('the ledger database has no tables yet');
  });
});
