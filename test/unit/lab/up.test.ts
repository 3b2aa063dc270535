import type { Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab } from '../../../src/lab/lab.js';
import type { ComposeProject } from '../../../src/lab/docker/compose-runner.js';
import { FederationPaths } from '../../../src/lab/material/paths.js';
import { SilentProgress } from '../../../src/lab/progress/progress.js';
import { FakeCompose, FakeDocker, FakeProbe, fakeCluster } from '../../support/lab-fakes.js';
import { freePorts, startFakeNode } from '../../support/lab-fake-nodes.js';
import { onRethinkdb } from '../../support/node-health.js';
import { hashApiKey, type NodeConfigInput } from '../../../src/protocol/index.js';

const IMAGES = {
  node: 'fedlab/node:0.1.0',
  reqlite: 'fedlab/reqlite:2.3.0',
  rethinkdb: 'fedlab/rethinkdb:2.4.4',
};

describe('up (with fakes for Docker, compose, the database and the nodes)', () => {
  let stateDir: string;
  let servers: Server[];
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-up-'));
    servers = [];
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await rm(stateDir, { recursive: true, force: true });
  });

  /** A world where compose `up` makes labelled containers appear and nodes answer. */
  async function world(options: {
    engine: 'rethinkdb' | 'reqlite';
    probe?: FakeProbe;
    keyring?: string[];
    servers?: string[];
  }) {
    const ports = await freePorts(3);
    const operators = ['alpha', 'beta', 'gamma'].map((name, i) => ({
      name,
      apiPort: ports[i]!,
      position: String(i),
    }));
    const docker = new FakeDocker();
    Object.values(IMAGES).forEach((i) => docker.images.add(i));
    const paths = new FederationPaths(stateDir, 'f1');
    const ledger = new Set<string>();
    const cluster = fakeCluster(options.servers ?? ['alpha', 'beta', 'gamma']);
    const compose = new FakeCompose({
      onRun: cluster.onRun,
      onUp: (project: ComposeProject, services: readonly string[]) => {
        const op = operators.find((o) => project.name === `fedlab-f1-${o.name}`);
        if (project.name === 'fedlab-f1-db') {
          docker.addContainer({
            id: 'db',
            labels: {
              'fedlab.federation': 'f1',
              'fedlab.role': 'shared-database',
              'fedlab.engine': 'reqlite',
            },
            ports: [{ containerPort: 28015, hostPort: 1 }],
          });
        } else if (op && services[0]?.startsWith('rethinkdb-')) {
          docker.addContainer({
            id: `db-${op.name}`,
            labels: {
              'fedlab.federation': 'f1',
              'fedlab.operator': op.name,
              'fedlab.role': 'database',
              'fedlab.engine': 'rethinkdb',
            },
            ports: [{ containerPort: 28015, hostPort: 2 }],
          });
        } else if (op) {
          docker.addContainer({
            id: `node-${op.name}`,
            labels: {
              'fedlab.federation': 'f1',
              'fedlab.operator': op.name,
              'fedlab.role': 'node',
              'fedlab.engine': options.engine,
              'fedlab.position': op.position,
            },
            ports: [{ containerPort: 9984, hostPort: op.apiPort }],
          });
          const keyring = op.name === 'beta' ? options.keyring : undefined;
          void startFakeNode(op.apiPort, {
            configFile: paths.nodeConfig(op.name),
            ledger,
            ...(keyring ? { keyring } : {}),
            ...(options.engine === 'rethinkdb'
              ? { health: () => onRethinkdb(options.servers ?? ['alpha', 'beta', 'gamma']) }
              : {}),
          }).then((s) => servers.push(s));
        }
      },
    });
    const probe = options.probe ?? new FakeProbe(['alpha', 'beta', 'gamma']);
    const progress = new SilentProgress();
    const notes: string[] = [];
    progress.note = (m: string) => void notes.push(m);
    const lab = createLab({
      stateDir,
      docker,
      compose,
      databaseProbe: probe,
      images: IMAGES,
      progress,
      timeouts: { databaseMs: 400, apiMs: 3000, keyringMs: 400, probeMs: 3000 },
    });
    const federation = {
      name: 'f1',
      engine: options.engine,
      operators: operators.map(({ name, apiPort }) => ({ name, apiPort })),
    };
    return { lab, docker, compose, paths, federation, progress, notes, cluster };
  }

  it('policy.read "api-key": every node gets the policy and a lab key; the probe reads with it', async () => {
    const { lab, federation, paths } = await world({ engine: 'reqlite' });
    const running = await lab.up({ ...federation, policy: { read: 'api-key' } });
    expect(running.probeTransactionId).toMatch(/^[0-9a-f]{64}$/);
    for (const op of federation.operators) {
      const config = JSON.parse(await readFile(paths.nodeConfig(op.name), 'utf8')) as NodeConfigInput;
      const key = (await readFile(paths.labApiKey(op.name), 'utf8')).trim();
      expect(config.policy?.read).toBe('api-key');
      expect(config.api_keys).toEqual([expect.objectContaining({ id: 'fedlab', sha256: hashApiKey(key) })]);
      const url = `http://127.0.0.1:${op.apiPort}/api/v1/statuses?transaction_id=${running.probeTransactionId}`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { 'X-Api-Key': key } })).status).toBe(200);
    }
  });

  it('brings a rethinkdb federation up in the seed order and reports it ready', async () => {
    const { lab, docker, compose, federation, progress } = await world({ engine: 'rethinkdb' });
    const running = await lab.up(federation);
    expect(running.engine).toBe('rethinkdb');
    expect(running.operators.map((o) => o.apiUrl)).toEqual(
      federation.operators.map((o) => `http://127.0.0.1:${o.apiPort}`),
    );
    expect(running.probeTransactionId).toMatch(/^[0-9a-f]{64}$/);
    const order = compose.calls.map((c) => c.replace(/\s+/g, ' '));
    expect(order.slice(0, 3).sort()).toEqual([
      'up fedlab-f1-alpha rethinkdb-alpha',
      'up fedlab-f1-beta rethinkdb-beta',
      'up fedlab-f1-gamma rethinkdb-gamma',
    ]);
    // One-shot containers of alpha's node service (timeouts: databaseMs 400 -> --timeout 1).
    const run = 'run fedlab-f1-alpha bigchaindb-alpha -c /data/.bigchaindb';
    // Two: the servers joined and the admin password; init, the node users and the status read.
    expect(order.slice(3, 5)).toEqual([
      `${run} set-admin-password --wait-servers 3 --json --timeout 1`,
      `${run} init --wait-servers 3 --shards 1 --replicas 3 --heartbeat-timeout 2 --admission majority ` +
        '--keep-existing --json --users fedlab_alpha fedlab_beta fedlab_gamma --timeout 1',
    ]);
    expect(order.slice(5).sort()).toEqual([
      'up fedlab-f1-alpha bigchaindb-alpha',
      'up fedlab-f1-beta bigchaindb-beta',
      'up fedlab-f1-gamma bigchaindb-gamma',
    ]);
    // The federation network, and each operator's own (its node and server; a partition keeps it).
    expect(docker.networks.map((n) => n.name)).toEqual([
      'fedlab-f1',
      'fedlab-f1-alpha',
      'fedlab-f1-beta',
      'fedlab-f1-gamma',
    ]);
    expect(docker.networks[3]?.labels).toMatchObject({
      'fedlab.federation': 'f1',
      'fedlab.operator': 'gamma',
    });
    expect(progress.timings.every((t) => t.ok)).toBe(true);
    expect(progress.timings.map((t) => t.title)).toContain('probe transaction VALID on every node');

    const status = await running.status();
    expect(status.operators.map((o) => [o.name, o.health, o.keyringAgrees, o.blocks])).toEqual([
      ['alpha', 'healthy', true, 2],
      ['beta', 'healthy', true, 2],
      ['gamma', 'healthy', true, 2],
    ]);
    expect(status.database.servers).toEqual(['alpha', 'beta', 'gamma']);

    await running.down({ volumes: true });
    expect(docker.containers).toEqual([]);
    expect(await running.down({ volumes: true })).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('rethinkdb: passwords reach the one-shot containers by name only; notes name servers, replicas, users', async () => {
    const { lab, docker, compose, paths, federation, notes, cluster } = await world({ engine: 'rethinkdb' });
    docker.imageLabelsOf.set(IMAGES.rethinkdb, { 'fedlab.rethinkdb.source': 'server build x.tar.gz' });
    const running = await lab.up(federation);
    const admin = (await readFile(paths.adminPassword('alpha'), 'utf8')).trim();
    const users = await Promise.all(
      ['alpha', 'beta', 'gamma'].map(async (op) => {
        const config = JSON.parse(await readFile(paths.nodeConfig(op), 'utf8'));
        return config.database as { user: string; password: string };
      }),
    );
    // Every one-shot runs as admin; create-user gets each node user's own password.
    for (const run of compose.runs)
      expect(run.env).toMatchObject({
        BIGCHAINDB_DATABASE_USER: 'admin',
        BIGCHAINDB_DATABASE_PASSWORD: admin,
      });
    expect([...cluster.state.users]).toEqual(users.map((u) => [u.user, u.password]));
    const secrets = [admin, ...users.map((u) => u.password)];
    const visible = [...compose.calls, ...notes].join('\n');
    for (const secret of secrets) expect(visible).not.toContain(secret);

    expect(notes).toEqual(
      expect.arrayContaining([
        'RethinkDB image fedlab/rethinkdb:2.4.4: server build x.tar.gz',
        "admin password: set (kept in alpha's directory)",
        'database: 3 RethinkDB servers joined one cluster: alpha, beta, gamma',
        'tables: 1 shard, 3 replicas each, write acks majority (2 of 3)',
        expect.stringMatching(/^database users: fedlab_alpha, fedlab_beta, fedlab_gamma /),
      ]),
    );
    expect(running.database).toEqual({
      servers: ['alpha', 'beta', 'gamma'],
      shards: 1,
      replicas: 3,
      writeAcks: 'majority',
      users: ['fedlab_alpha', 'fedlab_beta', 'fedlab_gamma'],
    });
    await running.down();
  });

  it('rethinkdb: a second up keeps the database and reuses every password', async () => {
    const { lab, compose, paths, federation, notes, cluster } = await world({ engine: 'rethinkdb' });
    await (await lab.up(federation)).down();
    await Promise.all(servers.splice(0).map((srv) => new Promise((r) => srv.close(r))));
    const firstUsers = new Map(cluster.state.users);
    const admin = await readFile(paths.adminPassword('alpha'), 'utf8');
    compose.runs.length = 0;

    const again = await lab.up(federation);
    expect(await readFile(paths.adminPassword('alpha'), 'utf8')).toBe(admin);
    expect(cluster.state.users).toEqual(firstUsers);
    expect(notes).toContain("admin password: already set (kept in alpha's directory)");
    expect(notes).toContain('the ledger database already exists: its data is kept as it is (alpha)');
    expect(compose.runs.map((r) => r.args[2])).toEqual(['set-admin-password', 'init']);
    await again.down();
  });

  it('warns at up when the replicas cannot survive the loss of one server', async () => {
    const { lab, federation, notes } = await world({ engine: 'rethinkdb' });
    const running = await lab.up({ ...federation, replicas: 2 });
    expect(notes).toContainEqual(expect.stringMatching(/^warning: replicas: 2 with 3 operators: .*2 of 2/));
    expect(notes).toContain('tables: 1 shard, 2 replicas each, write acks majority (2 of 2)');
    await running.down();
  });

  it('with reqlite: one shared server, no set-shards/set-replicas', async () => {
    const { lab, compose, federation } = await world({ engine: 'reqlite' });
    const running = await lab.up(federation);
    expect(running.engineNote).toMatch(/cannot cluster/);
    expect(compose.calls[0]).toBe('up fedlab-f1-db');
    expect(compose.calls.filter((c) => c.startsWith('run '))).toEqual([
      'run fedlab-f1-alpha bigchaindb-alpha -c /data/.bigchaindb init --admission majority',
    ]);
    await running.down();
  });

  it('a failed up keeps logs, removes what it started and rethrows the original error', async () => {
    const { lab, docker, paths, federation } = await world({
      engine: 'rethinkdb',
      servers: ['alpha', 'beta'],
    });
    const error = await lab.up(federation).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CLUSTER_INCOMPLETE' });
    expect((error as Error).message).toMatch(/cluster has alpha, beta but not gamma/);
    expect(docker.containers).toEqual([]);
    expect(docker.networks).toEqual([]);
    const failure = (await readdir(paths.root)).find((d) => d.startsWith('failure-'));
    expect(failure).toBeDefined();
    const dir = join(paths.root, failure!);
    expect(await readFile(join(dir, 'error.txt'), 'utf8')).toMatch(/but not gamma/);
    expect((await readdir(join(dir, 'logs'))).sort()).toEqual([
      'db-alpha.log',
      'db-beta.log',
      'db-gamma.log',
    ]);
    const copied = await readdir(join(dir, 'files', 'alpha'));
    expect(copied.sort()).toEqual(['compose.yaml', 'rethinkdb.conf']);
  });

  it('skips the probe, saying why, when policy.create lists who may CREATE', async () => {
    const { lab, federation, progress } = await world({ engine: 'reqlite' });
    const notes: string[] = [];
    progress.note = (m: string) => void notes.push(m);
    const running = await lab.up({
      ...federation,
      policy: { create: ['3CdVu2mV4qsEupbcRgnEvk9Qj1UHYCjzc7QX5voBRgeF'] },
    });
    expect(running.probeTransactionId).toBeUndefined();
    expect(notes.join('\n')).toMatch(/policy\.create lists who may CREATE/);
    await running.down();
  });

  it('fails when a node reports a keyring that differs from the member list', async () => {
    const { lab, federation } = await world({ engine: 'reqlite', keyring: [] });
    await expect(lab.up(federation)).rejects.toThrow(/beta's keyring lacks alpha, lacks gamma/);
  });
});
