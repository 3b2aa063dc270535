import {
  GenericContainer,
  Network,
  Wait,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';
import { requireDockerImage, images } from '../../support/require-docker.js';

// The smallest real federation piece: the node image and the reqlite image on one Docker network,
// the node configured by its own CLI (`configure -y` with BIGCHAINDB_* env), talking to the
// database by host name, its API reached through a port published on loopback.
describe('fedlab/node image with the fedlab/reqlite image', () => {
  let network: StartedNetwork | undefined;
  let db: StartedTestContainer | undefined;
  let node: StartedTestContainer | undefined;

  beforeAll(async () => {
    await requireDockerImage(images.reqlite);
    await requireDockerImage(images.node);
    network = await new Network().start();
    db = await new GenericContainer(images.reqlite)
      .withNetwork(network)
      .withNetworkAliases('rethinkdb-solo')
      .withLabels({ 'fedlab.test': 'node-image' })
      .withWaitStrategy(Wait.forLogMessage('Server ready'))
      .start();
    node = await new GenericContainer(images.node)
      .withNetwork(network)
      .withLabels({ 'fedlab.test': 'node-image' })
      .withEnvironment({
        BIGCHAINDB_DATABASE_HOST: 'rethinkdb-solo',
        BIGCHAINDB_SERVER_BIND: '0.0.0.0:9984',
        BIGCHAINDB_CONFIG_PATH: '/tmp/.bigchaindb',
      })
      .withEntrypoint(['sh', '-c'])
      .withCommand([
        'node /app/dist/node/cli/main.js configure -y && exec node /app/dist/node/cli/main.js start',
      ])
      .withExposedPorts(9984)
      .withWaitStrategy(Wait.forHttp('/health', 9984).forStatusCode(200))
      .start();
  });

  afterAll(async () => {
    await node?.stop();
    await db?.stop();
    await network?.stop();
  });

  const url = (path: string): string => `http://${node!.getHost()}:${node!.getMappedPort(9984)}${path}`;

  it('answers GET / with its own public key and an empty keyring', async () => {
    const res = await fetch(url('/'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { public_key?: string; keyring?: string[] };
    expect(body.public_key).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    expect(body.keyring).toEqual([]);
  });

  it('reports a connected database on the reqlite engine in /health', async () => {
    const res = await fetch(url('/health'));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('reqlite');
  });

  it('answers an unknown transaction with a JSON 404', async () => {
    const res = await fetch(url('/api/v1/transactions/' + 'a'.repeat(64)));
    expect(res.status).toBe(404);
    const body = (await res.json()) as { status: number; message: string };
    expect(body.status).toBe(404);
    expect(body.message).toEqual(expect.any(String));
  });
});
