import { downFederation } from '../../../src/lab/down/down.js';
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
