import { checkProjectNames, COMPOSE_PROJECT_LABEL } from '../../../src/lab/up/check-projects.js';
import { defineFederation } from '../../../src/lab/federation-file/parse.js';
import { resolveFederation } from '../../../src/lab/federation/model.js';
import { FakeDocker } from '../../support/lab-fakes.js';

// Federation "demo" with operator "x-a" and federation "demo-x" with operator "a" both need the
// compose project fedlab-demo-x-a: the second must be refused before anything starts.
describe('checkProjectNames', () => {
  const demoX = resolveFederation(defineFederation({ name: 'demo-x', operators: [{ name: 'a' }] }));

  it('refuses a project that another federation already runs, naming both', async () => {
    const docker = new FakeDocker();
    docker.addContainer({
      id: 'c1',
      labels: { [COMPOSE_PROJECT_LABEL]: 'fedlab-demo-x-a', 'fedlab.federation': 'demo' },
    });
    await expect(checkProjectNames(demoX, docker)).rejects.toMatchObject({
      code: 'PROJECT_NAME_TAKEN',
      message: expect.stringContaining('fedlab-demo-x-a already belongs to federation "demo"'),
    });
  });

  it('accepts its own containers (an up of a running federation) and unrelated projects', async () => {
    const docker = new FakeDocker();
    docker.addContainer({
      id: 'own',
      labels: { [COMPOSE_PROJECT_LABEL]: 'fedlab-demo-x-a', 'fedlab.federation': 'demo-x' },
    });
    docker.addContainer({ id: 'other', labels: { [COMPOSE_PROJECT_LABEL]: 'something-else' } });
    await expect(checkProjectNames(demoX, docker)).resolves.toBeUndefined();
  });

  it('refuses a project held by containers fedlab did not make', async () => {
    const docker = new FakeDocker();
    docker.addContainer({ id: 'x', labels: { [COMPOSE_PROJECT_LABEL]: 'fedlab-demo-x-db' } });
    await expect(checkProjectNames(demoX, docker)).rejects.toMatchObject({ code: 'PROJECT_NAME_TAKEN' });
  });
});
