// A running federation made of fakes: `up` through the lab with fake Docker and compose, fake
// node HTTP APIs (which vote as the current epoch's running members would), and the fake node CLI.
import type { Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createLab, type Lab } from '../../../../src/lab/lab.js';
import type { ComposeProject } from '../../../../src/lab/docker/compose-runner.js';
import { FederationPaths } from '../../../../src/lab/material/paths.js';
import { SilentProgress } from '../../../../src/lab/progress/progress.js';
import { fakeCluster } from '../../../support/lab-fakes.js';
import { freePorts, startFakeNode } from '../../../support/lab-fake-nodes.js';
import { onRethinkdb } from '../../../support/node-health.js';
import type { NodeHealth } from '../../../../src/node/runtime/index.js';
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
      // The node's own health code answers /health: the cluster's servers and the current epoch.
      const health = (): Partial<NodeHealth> => {
        const { epoch, members } = table.current();
        return {
          ...(engine === 'rethinkdb' ? onRethinkdb(servers) : {}),
          membership: { epoch, members, ignored: [], source: 'table' },
        };
      };
      running.set(
        op,
        await startFakeNode(port, { configFile: paths.nodeConfig(op), ledger, voters, health }),
      );
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
    timeouts: { databaseMs: 1000, apiMs: 3000, keyringMs: 2000, probeMs: 3000, drainMs: 2500 },
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
