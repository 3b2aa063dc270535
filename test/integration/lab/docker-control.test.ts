// The lab's Docker layer against the real engine: labelled network, a compose project, logs,
// one-off containers, the database probe, and a label-based down that leaves nothing behind.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { CommandFailedError } from '../../../src/shared/errors.js';
import { imageVersions } from '../../../src/shared/images.js';
import { pollUntil, ready } from '../../../src/shared/poll.js';
import { renderSharedDatabaseCompose } from '../../../src/lab/compose/shared-database-compose.js';
import { ComposeCli } from '../../../src/lab/docker/compose-runner.js';
import { DockerodeClient } from '../../../src/lab/docker/dockerode-client.js';
import { downFederation } from '../../../src/lab/down/down.js';
import { labelsFor, LABEL_FEDERATION } from '../../../src/lab/federation/names.js';
import { RethinkdbProbe } from '../../../src/lab/up/database-probe.js';
import { requireLabImages } from '../../support/lab-docker.js';

const docker = new DockerodeClient();
const compose = new ComposeCli();
const federation = `it-${process.pid}-${Date.now().toString(36)}`;
const label = { [LABEL_FEDERATION]: federation };

describe('Docker control (real engine)', () => {
  let dir: string;
  let baseImage: string;
  beforeAll(async () => {
    await requireLabImages(docker, [imageVersions().images.reqlite]);
    const { officialBase, localBase } = imageVersions().node;
    baseImage = (await docker.imageExists(officialBase)) ? officialBase : localBase;
    dir = await mkdtemp(join(tmpdir(), 'fedlab-docker-'));
  });
  afterAll(async () => {
    await downFederation(docker, federation, { volumes: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the labelled shared network once', async () => {
    expect(await docker.ensureNetwork(`fedlab-${federation}`, labelsFor(federation, 'setup'))).toBe(
      'created',
    );
    expect(await docker.ensureNetwork(`fedlab-${federation}`, labelsFor(federation, 'setup'))).toBe(
      'existed',
    );
    expect((await docker.listNetworks(label)).map((n) => n.name)).toEqual([`fedlab-${federation}`]);
  });

  it('brings a compose project up on it; the server answers on its 127.0.0.1 port', async () => {
    const file = join(dir, 'compose.yaml');
    await writeFile(
      file,
      renderSharedDatabaseCompose({
        federation,
        network: `fedlab-${federation}`,
        image: imageVersions().images.reqlite,
        rethinkdbHosts: ['rethinkdb-a', 'rethinkdb-b'],
      }),
    );
    await compose.up({ name: `fedlab-${federation}-db`, file });
    const [db] = await docker.listContainers(label);
    expect(db?.state).toBe('running');
    const published = db?.ports.find((p) => p.containerPort === 28015);
    expect(published?.hostIp).toBe('127.0.0.1');
    const probe = new RethinkdbProbe();
    await pollUntil(async () => ready(await probe.answers(published!.hostPort!)), {
      what: 'reqlite',
      timeoutMs: 30_000,
    });
    const lines: string[] = [];
    await docker.streamLogs(db!.id, { follow: false }, (text) => lines.push(text));
    expect(lines.join('')).toMatch(/Server ready/);
  });

  it('a network with its subnet pinned takes a container back at its old address; one without refuses an address', async () => {
    const [db] = await docker.listContainers(label);
    const pinned = `fedlab-${federation}-pinned`;
    const plain = `fedlab-${federation}-plain`;
    expect(await docker.ensureNetwork(pinned, labelsFor(federation, 'setup'), { pinSubnet: true })).toBe(
      'created',
    );
    await docker.ensureNetwork(plain, labelsFor(federation, 'setup'));
    await docker.connectNetwork(pinned, db!.id, ['db-alias']);
    const address = await docker.containerAddress(db!.id, pinned);
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await docker.disconnectNetwork(pinned, db!.id);
    expect(await docker.containerAddress(db!.id, pinned)).toBeUndefined();
    await docker.connectNetwork(pinned, db!.id, ['db-alias'], address);
    expect(await docker.containerAddress(db!.id, pinned)).toBe(address);
    expect((await docker.containerNetworks(db!.id))[pinned]).toEqual(['db-alias']);
    await docker.disconnectNetwork(pinned, db!.id);
    // The engine's own rule, which heal relies on to fall back to a restart.
    await expect(docker.connectNetwork(plain, db!.id, [], address)).rejects.toThrow(
      /user configured subnets/,
    );
    expect(await docker.containerAddress(db!.id, plain)).toBeUndefined();
    for (const n of await docker.listNetworks(label))
      if (n.name === pinned || n.name === plain) await docker.removeNetwork(n.id);
  });

  it('follows logs until aborted', async () => {
    const [db] = await docker.listContainers(label);
    const controller = new AbortController();
    const seen: string[] = [];
    const following = docker.streamLogs(db!.id, { follow: true, tail: 5, signal: controller.signal }, (t) =>
      seen.push(t),
    );
    setTimeout(() => controller.abort(), 300);
    await following;
    expect(seen.join('')).toMatch(/Server ready/);
  });

  it('runs one-off containers and returns exit code and output separately', async () => {
    const result = await docker.runOnce({
      image: baseImage,
      args: [
        'node',
        '-e',
        'console.log("out " + process.env.FEDLAB_TEST); console.error("err"); process.exit(3)',
      ],
      env: { FEDLAB_TEST: '1' },
      labels: labelsFor(federation, 'setup'),
    });
    expect(result).toEqual({ exitCode: 3, stdout: 'out 1\n', stderr: 'err\n' });
    expect(await docker.listContainers({ ...label, 'fedlab.role': 'setup' })).toEqual([]); // removed after the run
  });

  it('turns a failed compose command into CommandFailedError with the stderr tail', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'services:\n  x:\n    image: fedlab/does-not-exist:0\n');
    const bad = { name: `fedlab-${federation}-bad`, file };
    const error = await compose.up(bad).catch((e: unknown) => e);
    // This file has no labels and compose made its default network before failing: remove it.
    await compose.down(bad, { volumes: true });
    expect(error).toBeInstanceOf(CommandFailedError);
    expect((error as CommandFailedError).details.command).toEqual(
      expect.arrayContaining(['docker', 'compose', '--project-name', `fedlab-${federation}-bad`]),
    );
    expect((error as Error).message).toMatch(/does-not-exist/);
  });

  it('refuses to remove a volume in use (409, as FakeDocker does); a missing one is no error', async () => {
    const volume = `fedlab-${federation}-in-use`;
    const raw = new Docker();
    await raw.createVolume({ Name: volume, Labels: { ...label } });
    const user = await raw.createContainer({
      Image: imageVersions().images.reqlite,
      Labels: { ...label },
      HostConfig: { Binds: [`${volume}:/data`] },
    });
    try {
      expect(await docker.listVolumes(label)).toContain(volume);
      await expect(docker.removeVolume(volume)).rejects.toMatchObject({ statusCode: 409 });
    } finally {
      await docker.removeContainer(user.id);
    }
    await docker.removeVolume(volume);
    await docker.removeVolume(volume); // already gone: 404 is ignored
    expect(await docker.listVolumes(label)).not.toContain(volume);
  });

  it('down removes exactly the labelled containers, network and volumes', async () => {
    const summary = await downFederation(docker, federation, { volumes: true });
    expect(summary.containers).toHaveLength(1);
    expect(summary.networks).toEqual([`fedlab-${federation}`]);
    expect(await docker.listContainers(label)).toEqual([]);
    expect(await docker.listNetworks(label)).toEqual([]);
    expect(await downFederation(docker, federation, { volumes: true })).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
  });
});
