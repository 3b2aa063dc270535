/**
 * One e2e harness for a three-operator federation on the real RethinkDB cluster: a temp state
 * dir, `up` with free API ports, lookups of an operator's API and database container, and on a
 * failed step a failure bundle (every container's log) plus the progress lines; always `down
 * --volumes`. Used by the fault suites (server loss, partition).
 */
import Docker from 'dockerode';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLab,
  DockerodeClient,
  NodeApi,
  PlainProgress,
  type Lab,
  type RunningFederation,
} from '../../src/lab/index.js';
import { writeFailureBundle } from '../../src/lab/failure/failure-bundle.js';
import { FederationPaths } from '../../src/lab/material/paths.js';
import { imageVersions } from '../../src/shared/images.js';
import { requireLabImages } from './lab-docker.js';
import { freePorts } from './lab-fake-nodes.js';

export const OPERATORS = ['alpha', 'beta', 'gamma'] as const;

export interface RethinkdbFederation {
  readonly name: string;
  readonly docker: DockerodeClient;
  stateDir(): string;
  lab(): Lab;
  running(): RunningFederation;
  /** The operator's node API, with a client timeout of `timeoutMs`. */
  api(operator: string, timeoutMs?: number): NodeApi;
  publicKey(operator: string): string;
  databaseContainerOf(operator: string): Promise<Docker.Container>;
  /** beforeAll: images present, temp state dir. */
  setup(): Promise<void>;
  /** The first step: up three operators with 3 replicas; returns the running federation. */
  up(): Promise<RunningFederation>;
  /** afterAll: a failure bundle when `failed`, then down --volumes (state dir kept on failure). */
  teardown(failed: boolean): Promise<void>;
}

export function rethinkdbFederation(prefix: string): RethinkdbFederation {
  const name = `${prefix}-${Date.now().toString(36)}-${process.pid}`;
  const docker = new DockerodeClient();
  const engine = new Docker();
  const progress: string[] = [];
  let stateDir = '';
  let running: RunningFederation | undefined;
  const lab = () =>
    createLab({ stateDir, docker, progress: new PlainProgress((l) => progress.push(l)), buildImages: false });
  const runningFederation = () => {
    if (!running) throw new Error(`federation ${name} is not up (did the first step fail?)`);
    return running;
  };
  const operator = (op: string) => {
    const found = runningFederation().operators.find((o) => o.name === op);
    if (!found) throw new Error(`federation ${name} has no operator ${op}`);
    return found;
  };
  return {
    name,
    docker,
    stateDir: () => stateDir,
    lab,
    running: runningFederation,
    api: (op, timeoutMs = 25_000) => new NodeApi(operator(op).apiUrl, timeoutMs),
    publicKey: (op) => operator(op).publicKey,
    async databaseContainerOf(op) {
      const [c] = await docker.listContainers({
        'fedlab.federation': name,
        'fedlab.operator': op,
        'fedlab.role': 'database',
      });
      if (!c) throw new Error(`no database container for ${op}`);
      return engine.getContainer(c.id);
    },
    async setup() {
      const images = imageVersions().images;
      await requireLabImages(docker, [images.node, images.rethinkdb]);
      stateDir = await mkdtemp(join(tmpdir(), `fedlab-${prefix}-`));
    },
    async up() {
      const ports = await freePorts(OPERATORS.length);
      running = await lab().up({
        name,
        engine: 'rethinkdb',
        replicas: 3,
        operators: OPERATORS.map((op, i) => ({ name: op, apiPort: ports[i]! })),
      });
      process.stderr.write(`[e2e] ${name} ready in ${Math.round(running.readyAfterMs)} ms\n`);
      return running;
    },
    async teardown(failed) {
      if (failed) {
        const dir = await writeFailureBundle(
          docker,
          new FederationPaths(stateDir, name),
          [...OPERATORS],
          new Error(`a ${prefix} step failed`),
        );
        process.stderr.write(`${prefix} failure: logs kept in ${dir}\n${progress.join('\n')}\n`);
      }
      await lab().down(name, { volumes: true });
      if (!failed) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** The VALID blocks that hold these transactions, as the node reports them. */
export async function validBlocksOf(node: NodeApi, txIds: readonly string[]): Promise<string[]> {
  const all = new Set<string>();
  for (const id of txIds) for (const block of await node.validBlockIds(id)) all.add(block);
  return [...all];
}
