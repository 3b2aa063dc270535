import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createLab } from '../../../src/lab/lab.js';
import type { ComposeProject, ComposeRunner } from '../../../src/lab/docker/compose-runner.js';
import { FederationPaths } from '../../../src/lab/material/paths.js';
import { SilentProgress } from '../../../src/lab/progress/progress.js';
import { FakeDocker, FakeProbe } from '../../support/lab-fakes.js';
import { freePorts } from '../../support/lab-fake-nodes.js';

const IMAGES = { node: 'fedlab/node:0.1.0', reqlite: 'fedlab/reqlite:2.3.0', rethinkdb: 'rethinkdb:2.4.4' };

/** A compose whose `up` of each project does what `onUp` says (after recording the call). */
function composeDoing(onUp: (project: ComposeProject) => Promise<void>): ComposeRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async up(project) {
      calls.push(`up ${project.name}`);
      await onUp(project);
    },
    async run() {
      return { stdout: '', stderr: '', exitCode: 0 };
    },
    async down() {},
  };
}

describe('a failed up cleans up what it started, and only that', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-up-cleanup-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  async function labWith(compose: ComposeRunner, docker: FakeDocker) {
    Object.values(IMAGES).forEach((i) => docker.images.add(i));
    const ports = await freePorts(3);
    const notes: string[] = [];
    const progress = new SilentProgress();
    progress.note = (m: string) => void notes.push(m);
    const lab = createLab({
      stateDir,
      docker,
      compose,
      databaseProbe: new FakeProbe(),
      images: IMAGES,
      progress,
    });
    const federation = {
      name: 'f2',
      engine: 'rethinkdb' as const,
      operators: ['alpha', 'beta', 'gamma'].map((name, i) => ({ name, apiPort: ports[i]! })),
    };
    return { lab, federation, notes };
  }

  const databaseOf = (docker: FakeDocker, operator: string, id = `db-${operator}`) => {
    const volume = `fedlab-f2-${operator}_rethinkdb-data`;
    const labels = { 'fedlab.federation': 'f2', 'fedlab.operator': operator, 'fedlab.role': 'database' };
    // As compose does: the volume once (kept across container recreation), then the container.
    if (!docker.volumes.some((v) => v.name === volume)) docker.volumes.push({ name: volume, labels });
    docker.mounts.set(id, [volume]);
    return docker.addContainer({ id, name: `fedlab-f2-${operator}-rethinkdb-${operator}-1`, labels });
  };

  it('waits for sibling starts still running, so none is left behind after the cleanup', async () => {
    const docker = new FakeDocker();
    const compose = composeDoing(async (project) => {
      if (project.name === 'fedlab-f2-beta') throw new Error('beta: port is already allocated');
      await delay(project.name === 'fedlab-f2-gamma' ? 200 : 0); // gamma's compose is slower
      databaseOf(docker, project.name.replace('fedlab-f2-', ''));
    });
    const { lab, federation } = await labWith(compose, docker);
    await expect(lab.up(federation)).rejects.toThrow('beta: port is already allocated');
    await delay(300);
    expect(docker.containers).toEqual([]);
    expect(docker.networks).toEqual([]);
  });

  it('still removes the containers when the failure bundle cannot be written', async () => {
    const docker = new FakeDocker();
    const root = new FederationPaths(stateDir, 'f2').root;
    const compose = composeDoing(async (project) => {
      databaseOf(docker, project.name.replace('fedlab-f2-', ''));
      if (project.name !== 'fedlab-f2-gamma') return;
      // The state directory goes away under the lab (a file where it was): no failure bundle.
      await rename(root, `${root}.gone`);
      await writeFile(root, '');
      throw new Error('gamma failed');
    });
    const { lab, federation } = await labWith(compose, docker);
    await expect(lab.up(federation)).rejects.toThrow('gamma failed');
    expect(docker.containers).toEqual([]);
    expect(docker.networks).toEqual([]);
    expect((await readdir(stateDir)).sort()).toEqual(['f2', 'f2.gone']);
  });

  it('of a federation that already runs: removes only what it created, never an existing volume', async () => {
    const docker = new FakeDocker();
    // alpha and beta run (a first up); gamma is new in the federation file.
    await docker.ensureNetwork('fedlab-f2', { 'fedlab.federation': 'f2', 'fedlab.role': 'setup' });
    for (const op of ['alpha', 'beta'])
      await docker.ensureNetwork(`fedlab-f2-${op}`, {
        'fedlab.federation': 'f2',
        'fedlab.operator': op,
        'fedlab.role': 'setup',
      });
    databaseOf(docker, 'alpha');
    databaseOf(docker, 'beta');
    const before = { containers: [...docker.containers], volumes: [...docker.volumes] };
    const compose = composeDoing(async (project) => {
      const operator = project.name.replace('fedlab-f2-', '');
      if (operator === 'gamma') {
        // compose made gamma's volume and container, then failed to start it.
        databaseOf(docker, 'gamma');
        throw new Error('gamma: port is already allocated');
      }
      // compose recreates alpha's server (its file changed): a new id under the same name.
      if (operator === 'alpha') {
        docker.containers = docker.containers.filter((c) => c.id !== 'db-alpha');
        databaseOf(docker, 'alpha', 'db-alpha-recreated');
      }
    });
    const { lab, federation, notes } = await labWith(compose, docker);
    await expect(lab.up(federation)).rejects.toThrow('gamma: port is already allocated');

    expect(docker.containers.map((c) => c.id).sort()).toEqual(['db-alpha-recreated', 'db-beta']);
    expect(docker.volumes).toEqual(before.volumes);
    // gamma's operator network is new: removed with the rest of what this up made.
    expect(docker.networks.map((n) => n.name)).toEqual(['fedlab-f2', 'fedlab-f2-alpha', 'fedlab-f2-beta']);
    expect(docker.calls.filter((c) => c.startsWith('rm'))).toEqual([
      'rm db-gamma',
      'rm network net-fedlab-f2-gamma',
      'rm volume fedlab-f2-gamma_rethinkdb-data',
    ]);
    expect(before.containers.map((c) => c.name)).toEqual(docker.containers.map((c) => c.name).sort());
    const said = notes.join('\n');
    expect(said).toMatch(
      /federation "f2" already exists \(2 containers \(2 running\), 3 networks, 2 volumes\): up proceeds idempotently/,
    );
    expect(said).toMatch(
      /removed 1 containers, 1 networks and 1 volumes this up created; kept what existed before it/,
    );
  });

  it('of a new federation: removes the network and volumes it created too', async () => {
    const docker = new FakeDocker();
    const compose = composeDoing(async (project) => {
      databaseOf(docker, project.name.replace('fedlab-f2-', ''));
      if (project.name === 'fedlab-f2-gamma') throw new Error('gamma failed');
    });
    const { lab, federation, notes } = await labWith(compose, docker);
    await expect(lab.up(federation)).rejects.toThrow('gamma failed');
    expect(docker.containers).toEqual([]);
    expect(docker.networks).toEqual([]);
    expect(docker.volumes).toEqual([]);
    expect(notes.join('\n')).not.toMatch(/already exists/);
  });
});
