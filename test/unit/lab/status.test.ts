import type { Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { generateKeypair } from '../../../src/shared/crypto/index.js';
import { registerHealthRoute } from '../../../src/node/http/routes/health.js';
import { createLabContext } from '../../../src/lab/context.js';
import { writePublicBundle } from '../../../src/lab/exchange/public-bundle.js';
import { FederationPaths } from '../../../src/lab/material/paths.js';
import { collectStatus } from '../../../src/lab/status/collect.js';
import { parseNodeHealth } from '../../../src/lab/status/health-report.js';
import { renderStatus } from '../../../src/lab/status/render.js';
import type { FederationStatus } from '../../../src/lab/status/types.js';
import { keyringProblem } from '../../../src/lab/up/wait-ready.js';
import { FakeDocker } from '../../support/lab-fakes.js';
import { freePorts, startFakeNode } from '../../support/lab-fake-nodes.js';
import { healthAnswer, nodeHealth } from '../../support/node-health.js';

const key = (c: string) => c.repeat(44);
const bundles = ['alpha', 'beta', 'gamma'].map((operator, i) => ({
  operator,
  rethinkdbHost: `rethinkdb-${operator}`,
  nodeApiUrl: `http://bigchaindb-${operator}:9984`,
  publicKey: key('ABC'[i]!),
}));

describe('keyring agreement', () => {
  it('accepts the member list minus itself, in any order', () => {
    expect(keyringProblem(bundles[0]!, bundles, { publicKey: key('A'), keyring: [key('C'), key('B')] })).toBe(
      '',
    );
  });
  it('names what is missing, unexpected, or a wrong identity', () => {
    expect(keyringProblem(bundles[0]!, bundles, { publicKey: key('A'), keyring: [key('A'), key('B')] })).toBe(
      "alpha's keyring lacks gamma, has unexpected alpha",
    );
    expect(keyringProblem(bundles[1]!, bundles, { publicKey: key('A'), keyring: [] })).toMatch(
      /beta reports public key A+, expected B+/,
    );
  });
});

describe('the /health parser reads what the node writes (its own report and route)', () => {
  it('a healthy node: verdict, key, servers, schema, counts and the members it sees', async () => {
    const liveness = { known: true, alive: [key('A'), key('B')], dead: [key('C')], checkedAtMs: 1 };
    const { status, body } = await healthAnswer(
      nodeHealth(key('A'), { liveness, counts: { blocks: 3, votes: 9, backlog: 1 } }),
    );
    expect(status).toBe(200);
    expect(parseNodeHealth(body)).toEqual({
      ok: true,
      facts: {
        healthy: true,
        problems: [],
        publicKey: key('A'),
        database: expect.objectContaining({
          connected: true,
          engine: 'reqlite',
          servers: ['reqlite'],
          schemaReady: true,
        }),
        counts: { blocks: 3, votes: 9, backlog: 1 },
        liveness: { known: true, alive: [key('A'), key('B')], dead: [key('C')] },
        membership: { epoch: 0, members: [{ operator: '', publicKey: key('A') }] },
      },
    });
  });

  it('a node that could not read its counts or servers leaves them out; so does the lab', async () => {
    const { counts: _counts, ...health } = nodeHealth(key('A'), {
      database: { connected: true, engine: 'rethinkdb', limitations: [] },
    });
    const parsed = parseNodeHealth((await healthAnswer(health)).body);
    expect(parsed.ok && parsed.facts.counts).toBeUndefined();
    expect(parsed.ok && parsed.facts.database).toEqual({ connected: true, engine: 'rethinkdb' });
  });

  it('an unhealthy node (503 {status, message, ...report}): its problems', async () => {
    const health = nodeHealth(key('A'), {
      ok: false,
      database: { connected: false, engine: 'reqlite', problem: 'ECONNREFUSED', limitations: [] },
    });
    const { status, body } = await healthAnswer(health);
    expect(status).toBe(503);
    const parsed = parseNodeHealth(body);
    expect(parsed.ok && parsed.facts.problems).toEqual(['database unreachable (ECONNREFUSED)']);
    expect(parsed.ok && parsed.facts.database?.connected).toBe(false);
  });

  it('a health probe that failed: only the verdict and why', async () => {
    const app = Fastify();
    registerHealthRoute(app, async () => {
      throw new Error('probe exploded');
    });
    const res = await app.inject({ url: '/health' });
    await app.close();
    expect(parseNodeHealth(res.json())).toEqual({
      ok: true,
      facts: { healthy: false, problems: ['health probe failed: probe exploded'] },
    });
  });

  it('names what it cannot read instead of guessing', () => {
    expect(parseNodeHealth({ healthy: true, blocks: { count: 3 } })).toEqual({
      ok: false,
      problem:
        '/health answer not understood: public_key: Invalid input: expected string, received undefined',
    });
  });
});

describe('collectStatus against nodes answering as real nodes do', () => {
  let stateDir: string;
  let servers: Server[] = [];
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-status-'));
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    servers = [];
    await rm(stateDir, { recursive: true, force: true });
  });

  /** Three operators: keys, bundles and .bigchaindb on disk, node containers in a fake Docker. */
  async function world(nodes: Record<string, Parameters<typeof startFakeNode>[1]['health']> = {}) {
    const paths = new FederationPaths(stateDir, 'f1');
    const ports = await freePorts(3);
    const keys = ['alpha', 'beta', 'gamma'].map(() => generateKeypair().publicKey);
    const docker = new FakeDocker();
    docker.addContainer({
      id: 'db',
      name: 'fedlab-f1-db-reqlite-1',
      labels: { 'fedlab.federation': 'f1', 'fedlab.role': 'shared-database', 'fedlab.engine': 'reqlite' },
    });
    for (const [i, name] of ['alpha', 'beta', 'gamma'].entries()) {
      const publicKey = keys[i]!;
      await writePublicBundle(paths.publicBundle(name), {
        operator: name,
        rethinkdbHost: `rethinkdb-${name}`,
        nodeApiUrl: `http://bigchaindb-${name}:9984`,
        publicKey,
      });
      await mkdir(paths.operatorDir(name), { recursive: true });
      const keyring = keys.filter((k) => k !== publicKey);
      await writeFile(paths.nodeConfig(name), JSON.stringify({ keypair: { public: publicKey }, keyring }));
      docker.addContainer({
        id: `node-${name}`,
        name: `fedlab-f1-${name}-bigchaindb-${name}-1`,
        labels: {
          'fedlab.federation': 'f1',
          'fedlab.operator': name,
          'fedlab.role': 'node',
          'fedlab.engine': 'reqlite',
          'fedlab.position': String(i),
        },
        ports: [{ containerPort: 9984, hostIp: '127.0.0.1', hostPort: ports[i]! }],
      });
      const health = nodes[name];
      servers.push(
        await startFakeNode(ports[i]!, {
          configFile: paths.nodeConfig(name),
          ledger: new Set(),
          ...(health ? { health } : {}),
        }),
      );
    }
    return { ctx: createLabContext({ stateDir, docker }), docker, keys, ports };
  }

  it('shows each operator healthy with the members it sees, by name', async () => {
    const { ctx, keys, ports } = await world({
      alpha: () => ({
        liveness: { known: true, alive: [keys[0]!, keys[1]!], dead: [keys[2]!], checkedAtMs: 1 },
      }),
      beta: () => ({ liveness: { known: false, alive: [], dead: [], checkedAtMs: null } }),
    });
    const status = await collectStatus('f1', ctx);
    expect(status).toMatchObject({ name: 'f1', engine: 'reqlite', allHealthy: true, keyringsAgree: true });
    expect(status.operators.map((o) => [o.name, o.health, o.keyringAgrees, o.publicKey])).toEqual([
      ['alpha', 'healthy', true, keys[0]],
      ['beta', 'healthy', true, keys[1]],
      ['gamma', 'healthy', true, keys[2]],
    ]);
    expect(status.operators[0]!.liveness).toEqual({ known: true, alive: ['alpha', 'beta'], dead: ['gamma'] });
    expect(status.operators[2]).toMatchObject({
      blocks: 2,
      votes: 6,
      backlog: 0,
      database: { connected: true, servers: ['reqlite'], schemaReady: true },
    });
    expect(status.database).toMatchObject({ servers: ['reqlite'], serversAgree: true, schemaReady: true });
    expect(status.database.containers).toEqual([
      { name: 'fedlab-f1-db-reqlite-1', role: 'shared-database', state: 'running', status: 'Up' },
    ]);

    const text = renderStatus(status);
    expect(text).toContain(
      '  database: 1/1 containers running; servers reqlite (as 3/3 nodes report); schema ready\n',
    );
    expect(text).toMatch(
      /^alpha\s+1\/1 running\s+healthy\s+agrees\s+2\s+6\s+0\s+2\/3 alive, dead: gamma\s+http/m,
    );
    expect(text).toMatch(/^beta\s+1\/1 running\s+healthy\s+agrees\s+2\s+6\s+0\s+unknown\s+http/m);
    expect(text).toMatch(
      new RegExp(`^gamma\\s+1/1 running.*\\s1/1 alive\\s+http://127\\.0\\.0\\.1:${ports[2]}$`, 'm'),
    );
    expect(text).toMatch(/^ {2}\(shared\)\s+shared-database\s+fedlab-f1-db-reqlite-1\s+running\s+Up$/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe('3/3 operators healthy; keyrings agree');
  });

  it('an unhealthy node gives its own reasons; a stopped node and database are named', async () => {
    const { ctx, docker } = await world({
      beta: (k) => ({
        ok: false,
        database: { connected: false, engine: 'reqlite', problem: 'ECONNREFUSED', limitations: [] },
        liveness: { known: true, alive: [k], dead: [], checkedAtMs: 1 },
      }),
    });
    docker.containers = docker.containers.map((c) =>
      c.id === 'node-gamma' || c.id === 'db'
        ? { ...c, state: 'exited', status: 'Exited (1) 2 seconds ago' }
        : c,
    );
    const status = await collectStatus('f1', ctx);
    expect(status.operators.map((o) => [o.name, o.health, o.problems])).toEqual([
      ['alpha', 'healthy', []],
      ['beta', 'unhealthy', ['database unreachable (ECONNREFUSED)']],
      ['gamma', 'not running', ['node container is not running']],
    ]);
    expect(status.allHealthy).toBe(false);
    expect(status.database.problem).toBe('no database server is running');
    const text = renderStatus(status);
    expect(text).toContain(
      'database: 0/1 containers running; servers reqlite (as 1/3 nodes report); schema ready; no database server is running',
    );
    expect(text).toContain('  beta: database unreachable (ECONNREFUSED)');
    expect(text).toContain('1/3 operators healthy; keyrings do NOT all agree');
  });

  it('an operator whose containers are all gone still shows (from its public bundle)', async () => {
    const { ctx, docker } = await world();
    docker.containers = docker.containers.filter((c) => c.id !== 'node-beta');
    const status = await collectStatus('f1', ctx);
    expect(status.operators.map((o) => [o.name, o.health, o.containers.length])).toEqual([
      ['alpha', 'healthy', 1],
      ['gamma', 'healthy', 1],
      ['beta', 'not running', 0],
    ]);
  });
});

describe('status text', () => {
  const operator = (name: string, servers?: string[], schemaReady?: boolean) => ({
    name,
    containers: [
      { name: `${name}-node`, role: 'node', state: 'running', status: 'Up' },
      { name: `${name}-db`, role: 'database', state: 'running', status: 'Up' },
    ],
    apiUrl: 'http://127.0.0.1:9984',
    health: 'healthy' as const,
    problems: [],
    keyringAgrees: true,
    blocks: 4,
    votes: 12,
    backlog: 0,
    database: {
      connected: true,
      ...(servers ? { servers } : {}),
      ...(schemaReady === undefined ? {} : { schemaReady }),
    },
  });
  const rethinkdb = (
    operators: ReturnType<typeof operator>[],
    database: Partial<FederationStatus['database']>,
  ) =>
    ({
      name: 'f1',
      engine: 'rethinkdb',
      engineNote: 'engine rethinkdb: ...',
      database: { containers: operators.flatMap((o) => o.containers.slice(1)), servers: [], ...database },
      operators,
      allHealthy: true,
      keyringsAgree: true,
    }) satisfies FederationStatus;

  it('shows the servers the nodes agree on, the schema, the counts and every container', () => {
    const ops = ['alpha', 'beta'].map((n) => operator(n, ['alpha', 'beta'], true));
    const text = renderStatus(
      rethinkdb(ops, { servers: ['alpha', 'beta'], serversAgree: true, schemaReady: true }),
    );
    expect(text).toContain(
      'database: 2/2 containers running; servers alpha, beta (as 2/2 nodes report); schema ready',
    );
    expect(text).toMatch(/OPERATOR\s+CONTAINERS\s+NODE\s+KEYRING\s+BLOCKS\s+VOTES\s+BACKLOG\s+SEES\s+API/);
    expect(text).toMatch(
      /^alpha\s+2\/2 running\s+healthy\s+agrees\s+4\s+12\s+0\s+-\s+http:\/\/127\.0\.0\.1:9984$/m,
    );
    expect(text).toMatch(/^ {2}alpha\s+database\s+alpha-db\s+running\s+Up$/m);
  });

  it('says when the nodes disagree on the servers or the schema is not ready', () => {
    const ops = [operator('alpha', ['alpha', 'beta'], true), operator('beta', ['beta'], false)];
    const text = renderStatus(
      rethinkdb(ops, { servers: ['alpha', 'beta'], serversAgree: false, schemaReady: false }),
    );
    expect(text).toContain(
      'database: 2/2 containers running; nodes DISAGREE on servers: alpha sees alpha+beta, beta sees beta; schema NOT ready as beta reports',
    );
  });
});
