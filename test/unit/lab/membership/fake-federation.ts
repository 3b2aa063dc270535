// A running federation made of fakes: `up` through the lab with fake Docker and compose, fake
// node HTTP APIs (which vote as the current epoch's running members would), and the fake node CLI.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createLab, type Lab } from '../../../../src/lab/lab.js';
import type { ComposeProject } from '../../../../src/lab/docker/compose-runner.js';
import { FederationPaths } from '../../../../src/lab/material/paths.js';
import { SilentProgress } from '../../../../src/lab/progress/progress.js';
import { fakeCluster } from '../../../support/lab-fakes.js';
import { freePorts } from '../../../support/lab-fake-nodes.js';
import { FakeMembershipTable, MembershipCompose, MembershipDocker } from './fake-node-cli.js';

export const IMAGES = {
  node: 'fedlab/node:0.1.0',
  reqlite: 'fedlab/reqlite:2.3.0',
  rethinkdb: 'fedlab/rethinkdb:2.4.4',
};
export const FED = 'm1';

export interface World {
  lab: Lab;
  docker: MembershipDocker;
  compose: MembershipCompose;
  table: FakeMembershipTable;
  paths: FederationPaths;
  servers: string[];
  /** Spare free ports for candidates. */
  spare: number[];
  notes: string[];
  federation: {
    name: string;
    engine: 'rethinkdb' | 'reqlite';
    operators: { name: string; apiPort: number }[];
    governance?: { admission: 'majority' | 'unanimous' };
  };
  close(): Promise<void>;
}

async function keyOf(file: string): Promise<{ public: string; keyring: string[] }> {
  const c = JSON.parse(await readFile(file, 'utf8')) as { keypair: { public: string }; keyring?: string[] };
  return { public: c.keypair.public, keyring: c.keyring ?? [] };
}

export async function fakeFederation(
  stateDir: string,
  options: { engine?: 'rethinkdb' | 'reqlite'; admission?: 'majority' | 'unanimous' } = {},
): Promise<World> {
  const engine = options.engine ?? 'rethinkdb';
  const ports = await freePorts(5);
  const names = ['alpha', 'beta', 'gamma'];
  const paths = new FederationPaths(stateDir, FED);
  const table = new FakeMembershipTable((op) => paths.nodeConfig(op));
  const servers: string[] = [];
  const cluster = fakeCluster(servers);
  const docker = new MembershipDocker();
  Object.values(IMAGES).forEach((i) => docker.images.add(i));
  const ledger = new Set<string>();
  const running = new Map<string, Server>();

  const labels = (op: string, role: string) => ({
    'fedlab.federation': FED,
    'fedlab.operator': op,
    'fedlab.role': role,
    'fedlab.engine': engine,
  });
  const onUp = (project: ComposeProject, services: readonly string[]) => {
    const op = project.name.replace(`fedlab-${FED}-`, '');
    if (op === 'db') {
      docker.addContainer({
        id: 'db',
        labels: { ...labels('', 'shared-database'), 'fedlab.operator': '' },
        ports: [{ containerPort: 28015, hostPort: 1 }],
      });
      return;
    }
    if (services[0]?.startsWith('rethinkdb-')) {
      docker.addContainer({ id: `db-${op}`, labels: labels(op, 'database') });
      servers.push(op.replace(/-/g, '_'));
      return;
    }
    void (async () => {
      const yaml = await readFile(project.file, 'utf8');
      const port = Number(/127\.0\.0\.1:(\d+):9984/.exec(yaml)?.[1]);
      docker.addContainer({
        id: `node-${op}`,
        labels: { ...labels(op, 'node'), 'fedlab.position': String(names.indexOf(op)) },
        ports: [{ containerPort: 9984, hostPort: port }],
      });
      running.set(op, await fakeNode(port, paths.nodeConfig(op), ledger, table, voters, servers));
    })();
  };
  /** Keys of current members whose node runs: they vote on every block. */
  const voters = async (): Promise<string[]> => {
    const members = new Set(table.current().members.map((m) => m.publicKey));
    const keys = await Promise.all(
      [...running.keys()].map(async (op) => (await keyOf(paths.nodeConfig(op))).public),
    );
    return keys.filter((k) => members.has(k));
  };
  const compose = new MembershipCompose(table, cluster, { onUp });
  compose.onDown = (project) => {
    const op = project.name.replace(`fedlab-${FED}-`, '');
    docker.containers = docker.containers.filter((c) => c.labels['fedlab.operator'] !== op);
    running.get(op)?.close();
    running.delete(op);
    const i = servers.indexOf(op.replace(/-/g, '_'));
    if (i >= 0) servers.splice(i, 1);
  };
  const progress = new SilentProgress();
  const notes: string[] = [];
  progress.note = (m: string) => void notes.push(m);
  const lab = createLab({
    stateDir,
    docker,
    compose,
    databaseProbe: { serverNames: async () => servers, answers: async () => undefined },
    images: IMAGES,
    progress,
    timeouts: { databaseMs: 1000, apiMs: 3000, keyringMs: 2000, probeMs: 3000 },
  });
  const federation = {
    name: FED,
    engine,
    operators: names.map((name, i) => ({ name, apiPort: ports[i]! })),
    ...(options.admission ? { governance: { admission: options.admission } } : {}),
  };
  return {
    lab,
    docker,
    compose,
    table,
    paths,
    servers,
    spare: ports.slice(3),
    notes,
    federation,
    close: async () => {
      await Promise.all([...running.values()].map((s) => new Promise((r) => s.close(r))));
    },
  };
}

function fakeNode(
  port: number,
  configFile: string,
  ledger: Set<string>,
  table: FakeMembershipTable,
  voters: () => Promise<string[]>,
  servers: readonly string[],
): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      const id = url.searchParams.get('transaction_id') ?? '';
      if (req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        ledger.add((JSON.parse(body) as { id: string }).id);
        return send(202, {});
      }
      const self = await keyOf(configFile);
      switch (url.pathname) {
        case '/':
          return send(200, { software: 'fake', public_key: self.public, keyring: self.keyring });
        case '/api/v1/':
          return send(200, {});
        case '/health': {
          const current = table.current();
          return send(200, {
            healthy: true,
            problems: [],
            public_key: self.public,
            database: { connected: true, engine: 'rethinkdb', servers: [...servers], schemaReady: true },
            membership: { epoch: current.epoch, members: current.members },
          });
        }
        case '/api/v1/statuses':
          return ledger.has(id) ? send(200, { status: 'valid' }) : send(404, { status: 404, message: 'no' });
        case '/api/v1/blocks':
          return send(200, ledger.has(id) ? [`blk-${id}`] : []);
        case '/api/v1/votes':
          return send(
            200,
            (await voters()).map((k) => ({ node_pubkey: k })),
          );
        default:
          return send(404, { status: 404, message: 'no route' });
      }
    })();
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
