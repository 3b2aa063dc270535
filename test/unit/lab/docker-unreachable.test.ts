import { DockerodeClient } from '../../../src/lab/docker/dockerode-client.js';
import { DockerUnreachableError } from '../../../src/lab/errors.js';
import { createLab } from '../../../src/lab/lab.js';

describe('missing Docker engine', () => {
  const docker = new DockerodeClient({ socketPath: '/nonexistent/fedlab-test/docker.sock' });

  it('ping says where it looked and what to run', async () => {
    await expect(docker.ping()).rejects.toThrow(DockerUnreachableError);
    await expect(docker.ping()).rejects.toThrow(
      'Docker engine not reachable at unix:///nonexistent/fedlab-test/docker.sock; run ./scripts/setup.sh',
    );
  });

  it('every other call fails the same clear way', async () => {
    await expect(docker.listContainers({ 'fedlab.federation': 'x' })).rejects.toMatchObject({
      code: 'DOCKER_UNREACHABLE',
    });
    await expect(docker.imageExists('fedlab/node:0.1.0')).rejects.toMatchObject({
      code: 'DOCKER_UNREACHABLE',
    });
  });

  it('up fails before starting anything, with the same error', async () => {
    const lab = createLab({ docker, stateDir: '/nonexistent/fedlab-test/state' });
    await expect(lab.up({ name: 'nodocker', operators: [{ name: 'a' }] })).rejects.toMatchObject({
      code: 'DOCKER_UNREACHABLE',
    });
  });
});
