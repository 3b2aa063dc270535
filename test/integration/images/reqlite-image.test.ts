import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { r, type MasterPool } from 'rethinkdb-ts';
import { requireDockerImage, images } from '../../support/require-docker.js';

// The reqlite image built by scripts/build-images.sh: a real container, reached over the network
// through a port published on loopback, spoken to with the RethinkDB driver we use in the node.
describe('fedlab/reqlite image', () => {
  let container: StartedTestContainer | undefined;
  let pool: MasterPool | undefined;

  beforeAll(async () => {
    await requireDockerImage(images.reqlite);
    container = await new GenericContainer(images.reqlite)
      .withExposedPorts(28015)
      .withLabels({ 'fedlab.test': 'reqlite-image' })
      .withWaitStrategy(Wait.forLogMessage('Server ready'))
      .start();
    pool = await r.connectPool({
      host: container.getHost(),
      port: container.getMappedPort(28015),
      silent: true,
    });
  });

  afterAll(async () => {
    await pool?.drain();
    await container?.stop();
  });

  it('creates a table, writes, and finds rows through a secondary index', async () => {
    await r.dbCreate('probe').run();
    await r.db('probe').tableCreate('items').run();
    await r.db('probe').table('items').indexCreate('owner').run();
    await r.db('probe').table('items').indexWait('owner').run();
    await r
      .db('probe')
      .table('items')
      .insert([
        { id: 'a', owner: 'alice', n: 1 },
        { id: 'b', owner: 'bob', n: 2 },
        { id: 'c', owner: 'alice', n: 3 },
      ])
      .run();
    const alice = await r.db('probe').table('items').getAll('alice', { index: 'owner' }).orderBy('n').run();
    expect(alice.map((row: { id: string }) => row.id)).toEqual(['a', 'c']);
  });

  it('reports a missing table as a driver error, not a hang', async () => {
    await expect(r.db('probe').table('nope').count().run()).rejects.toThrow(/nope/);
  });
});
