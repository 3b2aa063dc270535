// A failed `up` against the real engine: the original error comes back, every container's logs
// are kept in .fedlab/<federation>/failure-<time>/, and nothing labelled is left running.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimeoutError } from '../../src/shared/errors.js';
import { imageVersions } from '../../src/shared/images.js';
import { createLab, DockerodeClient } from '../../src/lab/index.js';
import { requireLabImages } from '../support/lab-docker.js';
import { freePorts } from '../support/lab-fake-nodes.js';

const name = `e2e-fail-${Date.now().toString(36)}-${process.pid}`;
const docker = new DockerodeClient();
const nodeImage = process.env.FEDLAB_E2E_NODE_IMAGE ?? imageVersions().images.node;

describe('a failed up', () => {
  let stateDir: string;
  beforeAll(async () => {
    await requireLabImages(docker, [nodeImage, imageVersions().images.rethinkdb]);
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-e2e-fail-'));
  });
  afterAll(async () => {
    await createLab({ docker }).down(name, { volumes: true });
    await rm(stateDir, { recursive: true, force: true });
  });

  it('rethrows the original error, keeps the logs and removes what it started', async () => {
    // No node API can answer within 1 ms of being started: the wait times out.
    const lab = createLab({
      stateDir,
      docker,
      images: { node: nodeImage },
      buildImages: false,
      timeouts: { apiMs: 1 },
    });
    const ports = await freePorts(2);
    const error = await lab
      .up({
        name,
        engine: 'rethinkdb',
        operators: [
          { name: 'alpha', apiPort: ports[0]! },
          { name: 'beta', apiPort: ports[1]! },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/waiting for every node API to answer/);

    const label = { 'fedlab.federation': name };
    expect(await docker.listContainers(label)).toEqual([]);
    expect(await docker.listNetworks(label)).toEqual([]);
    expect(await docker.listVolumes(label)).toEqual([]);

    const root = join(stateDir, name);
    const failure = (await readdir(root)).find((d) => d.startsWith('failure-'));
    expect(failure).toBeDefined();
    const logs = await readdir(join(root, failure!, 'logs'));
    expect(logs.sort()).toEqual([
      `fedlab-${name}-alpha-bigchaindb-alpha-1.log`,
      `fedlab-${name}-alpha-rethinkdb-alpha-1.log`,
      `fedlab-${name}-beta-bigchaindb-beta-1.log`,
      `fedlab-${name}-beta-rethinkdb-beta-1.log`,
    ]);
    expect(await readFile(join(root, failure!, 'error.txt'), 'utf8')).toMatch(/timed out/);
    const copied = await readdir(join(root, failure!, 'files'), { recursive: true });
    expect(copied.some((f) => String(f).endsWith('.bigchaindb'))).toBe(false);
  });
});
