import { checkApiPorts } from '../../../src/lab/up/check-ports.js';
import { defineFederation } from '../../../src/lab/federation-file/parse.js';
import { resolveFederation } from '../../../src/lab/federation/model.js';
import { PortConflictError } from '../../../src/lab/errors.js';
import { FakeDocker } from '../../support/lab-fakes.js';

const fed = resolveFederation(
  defineFederation({ name: 'f1', basePort: 30000, operators: [{ name: 'a' }, { name: 'b' }] }),
);
const free = async () => true;

describe('host port check', () => {
  it('passes when the ports are free, or held by the same operator (re-up)', async () => {
    const docker = new FakeDocker();
    docker.addContainer({
      id: 'n',
      labels: { 'fedlab.federation': 'f1', 'fedlab.operator': 'a' },
      ports: [{ containerPort: 9984, hostPort: 30000 }],
    });
    await expect(checkApiPorts(fed, docker, async (p) => p !== 30000)).resolves.toBeUndefined();
  });

  it('names the container of another federation that holds a port', async () => {
    const docker = new FakeDocker();
    docker.addContainer({
      id: 'x',
      name: 'fedlab-other-a-bigchaindb-a-1',
      labels: { 'fedlab.federation': 'other', 'fedlab.operator': 'a' },
      ports: [{ containerPort: 9984, hostPort: 30001 }],
    });
    await expect(checkApiPorts(fed, docker, free)).rejects.toThrow(
      /host port 127\.0\.0\.1:30001 is published by container fedlab-other-a-bigchaindb-a-1; operator "b" needs it/,
    );
  });

  it('says when another program holds a port', async () => {
    await expect(checkApiPorts(fed, new FakeDocker(), async (p) => p !== 30000)).rejects.toThrow(
      PortConflictError,
    );
    await expect(checkApiPorts(fed, new FakeDocker(), async (p) => p !== 30000)).rejects.toThrow(
      /in use by another program/,
    );
  });
});
