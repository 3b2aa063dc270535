import { downFederation } from '../../../src/lab/down/down.js';
import { removeCreatedSince, snapshotFederation } from '../../../src/lab/down/created-since.js';
import { FakeDocker } from '../../support/lab-fakes.js';

describe('down', () => {
  function world(): FakeDocker {
    const docker = new FakeDocker();
    docker.addContainer({
      id: 'a-node',
      labels: { 'fedlab.federation': 'f1', 'fedlab.operator': 'a', 'fedlab.role': 'node' },
    });
    docker.addContainer({
      id: 'db',
      labels: { 'fedlab.federation': 'f1', 'fedlab.role': 'shared-database' },
    });
    docker.addContainer({ id: 'other', labels: { 'fedlab.federation': 'f2', 'fedlab.operator': 'a' } });
    docker.addContainer({ id: 'unrelated', labels: {} });
    docker.networks.push(
      { id: 'n1', name: 'fedlab-f1', labels: { 'fedlab.federation': 'f1' } },
      { id: 'n2', name: 'fedlab-f2', labels: { 'fedlab.federation': 'f2' } },
    );
    docker.volumes.push(
      { name: 'v1', labels: { 'fedlab.federation': 'f1' } },
      { name: 'v2', labels: { 'fedlab.federation': 'f2' } },
    );
    return docker;
  }

  it('removes exactly what carries the federation label', async () => {
    const docker = world();
    const summary = await downFederation(docker, 'f1', { volumes: true });
    expect(summary).toEqual({ containers: ['a-node', 'db'], networks: ['fedlab-f1'], volumes: ['v1'] });
    expect(docker.containers.map((c) => c.id)).toEqual(['other', 'unrelated']);
    expect(docker.networks.map((n) => n.name)).toEqual(['fedlab-f2']);
    expect(docker.volumes.map((v) => v.name)).toEqual(['v2']);
  });

  it('keeps volumes unless asked, and is idempotent', async () => {
    const docker = world();
    expect((await downFederation(docker, 'f1')).volumes).toEqual([]);
    expect(docker.volumes).toHaveLength(2);
    expect(await downFederation(docker, 'f1')).toEqual({ containers: [], networks: [], volumes: [] });
    expect((await downFederation(docker, 'f1', { volumes: true })).volumes).toEqual(['v1']);
  });
});

describe('removeCreatedSince (the cleanup of a failed up)', () => {
  const f1 = { 'fedlab.federation': 'f1' };

  it('removes only what appeared after the snapshot; a container recreated under its name stays', async () => {
    const docker = new FakeDocker();
    docker.addContainer({ id: 'old', name: 'fedlab-f1-a-node-1', labels: f1 });
    docker.networks.push({ id: 'n1', name: 'fedlab-f1', labels: f1 });
    docker.volumes.push({ name: 'data', labels: f1 });
    docker.mounts.set('old', ['data']);
    const before = await snapshotFederation(docker, 'f1');

    docker.containers = [];
    docker.addContainer({ id: 'old-recreated', name: 'fedlab-f1-a-node-1', labels: f1 });
    docker.mounts.set('old-recreated', ['data']);
    docker.addContainer({ id: 'new', labels: f1 });
    docker.volumes.push(
      { name: 'new-data', labels: f1 },
      { name: 'other', labels: { 'fedlab.federation': 'f2' } },
    );
    docker.mounts.set('new', ['new-data']);

    expect(await removeCreatedSince(docker, 'f1', before)).toEqual({
      containers: ['new'],
      networks: [],
      volumes: ['new-data'],
    });
    expect(docker.containers.map((c) => c.id)).toEqual(['old-recreated']);
    expect(docker.volumes.map((v) => v.name)).toEqual(['data', 'other']);
    expect(docker.networks.map((n) => n.id)).toEqual(['n1']);
  });

  it('tries everything, then names what it could not remove', async () => {
    const docker = new FakeDocker();
    docker.addContainer({ id: 'kept', name: 'kept', labels: f1 });
    const before = await snapshotFederation(docker, 'f1');
    docker.addContainer({ id: 'new', labels: f1 });
    docker.networks.push({ id: 'n1', name: 'fedlab-f1', labels: f1 });
    // A new volume an existing container took: Docker refuses to remove it (in use).
    docker.volumes.push({ name: 'busy', labels: f1 }, { name: 'free', labels: f1 });
    docker.mounts.set('kept', ['busy']);

    const error = await removeCreatedSince(docker, 'f1', before).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CLEANUP_INCOMPLETE' });
    expect((error as Error).message).toMatch(/could not remove volume busy: .*volume is in use/);
    expect(docker.containers.map((c) => c.id)).toEqual(['kept']);
    expect(docker.networks).toEqual([]);
    expect(docker.volumes.map((v) => v.name)).toEqual(['busy']);
  });
});
