// `fedlab status` against REAL nodes: three nodes (runtime + HTTP API, as `bigchaindb start`
// runs them) on one reqlite process, on loopback ports. Docker is a fake here that lists their
// "containers" (the nodes run in-process); everything status reads from the nodes is real: GET /,
// GET /health (servers, schema, counts, liveness), and nothing from the database's own port.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { apiOptionsForNode, createApi, listenApi } from '../../../src/node/http/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import { notYet, pollUntil, ready } from '../../../src/shared/poll.js';
import { createLabContext, type LabContext } from '../../../src/lab/context.js';
import { writePublicBundle } from '../../../src/lab/exchange/public-bundle.js';
import { FederationPaths } from '../../../src/lab/material/paths.js';
import { NodeApi } from '../../../src/lab/node-api/node-api.js';
import { collectStatus } from '../../../src/lab/status/collect.js';
import { parseNodeHealth } from '../../../src/lab/status/health-report.js';
import { renderStatus } from '../../../src/lab/status/render.js';
import type { FederationStatus } from '../../../src/lab/status/types.js';
import { buildCreate } from '../../../src/protocol/index.js';
import { waitValidEverywhere } from '../../../src/lab/up/wait-ready.js';
import { generateKeypair } from '../../../src/shared/crypto/index.js';
import { FakeDocker } from '../../support/lab-fakes.js';
import { namedSteps } from '../../support/named-steps.js';
import { TestFederation } from '../node/federation-harness.js';

const OPERATORS = ['alpha', 'beta', 'gamma'];
const FEDERATION = 'status-it';

describe('status of three real nodes', () => {
  const federation = new TestFederation({
    members: 3,
    liveness: { heartbeat_interval_ms: 200, dead_after_ms: 1_000 },
  });
  const apps: (FastifyInstance | undefined)[] = [];
  const urls: string[] = [];
  let stateDir: string;
  let ctx: LabContext;
  const { step, failed } = namedSteps();

  beforeAll(async () => {
    await federation.up();
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-status-it-'));
    const paths = new FederationPaths(stateDir, FEDERATION);
    const docker = new FakeDocker();
    docker.addContainer({
      id: 'db',
      name: `fedlab-${FEDERATION}-db-reqlite-1`,
      labels: {
        'fedlab.federation': FEDERATION,
        'fedlab.role': 'shared-database',
        'fedlab.engine': 'reqlite',
      },
    });
    for (const [i, name] of OPERATORS.entries()) {
      const node = federation.node(i);
      const app = createApi(
        apiOptionsForNode(node, {
          logger: silentLogger,
          bodyLimitBytes: 65_536,
          commitTimeoutMs: 20_000,
        }),
      );
      const { url, port } = await listenApi(app, '127.0.0.1:0');
      apps.push(app);
      urls.push(url);
      await writePublicBundle(paths.publicBundle(name), {
        operator: name,
        rethinkdbHost: `rethinkdb-${name}`,
        nodeApiUrl: `http://bigchaindb-${name}:9984`,
        publicKey: node.publicKey,
      });
      docker.addContainer({
        id: `node-${name}`,
        name: `fedlab-${FEDERATION}-${name}-bigchaindb-${name}-1`,
        labels: {
          'fedlab.federation': FEDERATION,
          'fedlab.operator': name,
          'fedlab.role': 'node',
          'fedlab.engine': 'reqlite',
          'fedlab.position': String(i),
        },
        ports: [{ containerPort: 9984, hostIp: '127.0.0.1', hostPort: port }],
      });
    }
    ctx = createLabContext({ stateDir, docker });
  });

  afterAll(async () => {
    if (failed()) federation.dumpLogs(100);
    await Promise.all(apps.map((app) => app?.close()));
    await federation.down();
    await rm(stateDir, { recursive: true, force: true });
  });

  /** Status once it satisfies `done` (health facts are cached up to 5 s by the node). */
  const statusWhen = (what: string, done: (s: FederationStatus) => string) =>
    pollUntil(
      async () => {
        const status = await collectStatus(FEDERATION, ctx);
        const problem = done(status);
        return problem ? notYet(problem) : ready(status);
      },
      { what, timeoutMs: 30_000, intervalMs: 300 },
    );

  step("the lab's parser reads each real /health answer", async () => {
    for (const url of urls) {
      const { body } = await new NodeApi(url).health();
      expect(parseNodeHealth(body)).toMatchObject({ ok: true, facts: { healthy: true } });
    }
  });

  step('after a CREATE: healthy, keyrings agree, servers, schema, counts and liveness', async () => {
    const tx = buildCreate(generateKeypair(), { it: 'status' });
    const nodes = OPERATORS.map((name, i) => ({ name, api: new NodeApi(urls[i]!) }));
    await nodes[0]!.api.postTransaction(tx);
    await waitValidEverywhere(nodes, tx.id, { timeouts: ctx.timeouts, signal: undefined });

    const status = await statusWhen('the CREATE counted and every member seen alive', (s) => {
      const votes = s.operators.map((o) => o.votes ?? 0);
      const blocks = s.operators.reduce((sum, o) => sum + (o.blocks ?? 0), 0);
      const allAlive = s.operators.every((o) => o.liveness?.known && o.liveness.dead.length === 0);
      return blocks >= 2 && votes.every((v) => v >= 1) && allAlive
        ? ''
        : `blocks ${blocks}, votes ${votes.join('/')}, liveness ${JSON.stringify(s.operators.map((o) => o.liveness))}`;
    });
    expect(status).toMatchObject({
      name: FEDERATION,
      engine: 'reqlite',
      allHealthy: true,
      keyringsAgree: true,
    });
    for (const [i, o] of status.operators.entries()) {
      expect(o).toMatchObject({
        name: OPERATORS[i],
        health: 'healthy',
        problems: [],
        publicKey: federation.node(i).publicKey,
        keyringAgrees: true,
        backlog: 0,
        database: { connected: true, servers: ['reqlite'], schemaReady: true },
        liveness: { known: true, alive: OPERATORS, dead: [] },
      });
    }
    expect(status.database).toMatchObject({ servers: ['reqlite'], serversAgree: true, schemaReady: true });

    const text = renderStatus(status);
    process.stderr.write(text);
    expect(text).toContain(
      'database: 1/1 containers running; servers reqlite (as 3/3 nodes report); schema ready',
    );
    for (const [i, name] of OPERATORS.entries())
      expect(text).toMatch(
        new RegExp(
          `^${name}\\s+1/1 running\\s+healthy\\s+agrees\\s+\\d+\\s+\\d+\\s+0\\s+3/3 alive\\s+${urls[i]}$`,
          'm',
        ),
      );
  });

  step('a stopped node: unreachable to the lab, dead to the others', async () => {
    await apps[2]?.close();
    apps[2] = undefined;
    await federation.stop(2);
    const status = await statusWhen('alpha and beta to see gamma dead', (s) =>
      s.operators.slice(0, 2).every((o) => o.liveness?.dead.includes('gamma'))
        ? ''
        : JSON.stringify(s.operators.map((o) => o.liveness)),
    );
    expect(status.operators.map((o) => [o.name, o.health])).toEqual([
      ['alpha', 'healthy'],
      ['beta', 'healthy'],
      ['gamma', 'unreachable'],
    ]);
    expect(status.operators[0]!.liveness).toEqual({ known: true, alive: ['alpha', 'beta'], dead: ['gamma'] });
    expect(status.allHealthy).toBe(false);
    const text = renderStatus(status);
    expect(text).toMatch(/^alpha\s+1\/1 running\s+healthy\s+agrees\s+.*2\/3 alive, dead: gamma\s+http/m);
    expect(text).toMatch(/^ {2}gamma: .*no answer/m);
  });
});
