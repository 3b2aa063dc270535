import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createLab } from '../../../src/lab/lab.js';
import type { ComposeProject, ComposeRunner } from '../../../src/lab/docker/compose-runner.js';
import { FederationPaths } from '../../../src/lab/material/paths.js';
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

describe('a failed up cleans up everything it started', () => {
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
    const lab = createLab({ stateDir, docker, compose, databaseProbe: new FakeProbe(), images: IMAGES });
    const federation = {
      name: 'f2',
      engine: 'rethinkdb' as const,
      operators: ['alpha', 'beta', 'gamma'].map((name, i) => ({ name, apiPort: ports[i]! })),
    };
    return { lab, federation };
  }

  const databaseOf = (docker: FakeDocker, operator: string) =>
    docker.addContainer({
      id: `db-${operator}`,
      labels: { 'fedlab.federation': 'f2', 'fedlab.operator': operator, 'fedlab.role': 'database' },
    });

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
});
