import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createLabContext } from '../../../src/lab/context.js';
import { defineFederation } from '../../../src/lab/federation-file/parse.js';
import { resolveFederation } from '../../../src/lab/federation/model.js';
import { prepareMaterial, writeComposeFiles } from '../../../src/lab/up/prepare-files.js';
import { FakeDocker } from '../../support/lab-fakes.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('operator material and the exchange', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-material-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  const federation = resolveFederation(
    defineFederation({
      name: 'm1',
      operators: [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }],
      policy: { transfer: { metadata: 'forbidden' } },
    }),
  );

  async function prepare(docker = new FakeDocker()) {
    const ctx = createLabContext({ stateDir, docker, nodeUser: '1000:1000' });
    const prepared = await prepareMaterial(federation, 'rethinkdb', ctx);
    await writeComposeFiles(federation, 'rethinkdb', prepared.paths, ctx);
    await writeComposeFiles(federation, 'reqlite', prepared.paths, ctx);
    return { prepared, docker };
  }

  it("generates each keypair with that operator's own node image, mounted at its directory", async () => {
    const { prepared, docker } = await prepare();
    // Operators prepare in parallel: compare in a fixed order.
    const configures = docker.runs
      .filter((r) => r.args.includes('configure'))
      .sort((a, b) => String(a.binds).localeCompare(String(b.binds)));
    expect(configures.map((r) => r.binds)).toEqual(
      federation.operators.map((op) => [`${prepared.paths.operatorDir(op.name)}:/data`]),
    );
    expect(configures[0]).toMatchObject({
      image: 'fedlab/node:0.1.0',
      args: ['-c', '/data/.bigchaindb', 'configure', '-y'],
      user: '1000:1000',
    });
    expect(configures[1]?.env).toMatchObject({ BIGCHAINDB_DATABASE_HOST: 'rethinkdb-beta' });
  });

  it('writes join lines and keyrings of every OTHER member; .bigchaindb stays 0600', async () => {
    const { prepared } = await prepare();
    const keys = Object.fromEntries(prepared.bundles.map((b) => [b.operator, b.publicKey]));
    const beta = JSON.parse(await readFile(prepared.paths.nodeConfig('beta'), 'utf8'));
    expect(beta.keyring).toEqual([keys.alpha, keys.gamma]);
    expect(beta.server.bind).toBe('0.0.0.0:9984');
    // Its own server, by the alias it has only on beta's own network (a partition keeps it).
    expect(beta.database).toMatchObject({ host: 'own-rethinkdb', port: 28015 });
    expect(beta.policy.transfer).toEqual({ allowed: true, metadata: 'forbidden' });
    expect((await stat(prepared.paths.nodeConfig('beta'))).mode & 0o777).toBe(0o600);
    const conf = await readFile(prepared.paths.rethinkdbConf('beta'), 'utf8');
    expect(conf).toMatch(/^join=rethinkdb-alpha:29015\njoin=rethinkdb-gamma:29015\n$/m);
  });

  it('shares only public bundles', async () => {
    const { prepared } = await prepare();
    const alpha = JSON.parse(await readFile(prepared.paths.publicBundle('alpha'), 'utf8'));
    expect(Object.keys(alpha).sort()).toEqual(['nodeApiUrl', 'operator', 'publicKey', 'rethinkdbHost']);
    expect(alpha).toMatchObject({
      operator: 'alpha',
      rethinkdbHost: 'rethinkdb-alpha',
      nodeApiUrl: 'http://bigchaindb-alpha:9984',
    });
  });

  it("no private key appears in any file outside its own operator's directory", async () => {
    const { prepared } = await prepare();
    const files = await filesUnder(stateDir);
    expect(files.length).toBeGreaterThan(10);
    for (const op of federation.operators) {
      const config = JSON.parse(await readFile(prepared.paths.nodeConfig(op.name), 'utf8'));
      const secret: string = config.keypair.private;
      expect(secret.length).toBeGreaterThan(30);
      const holders = [];
      for (const file of files)
        if ((await readFile(file, 'utf8')).includes(secret))
          holders.push(relative(prepared.paths.root, file));
      expect(holders).toEqual([`${op.name}/.bigchaindb`]);
    }
  });

  it('keeps existing keypairs on a second prepare (idempotent)', async () => {
    const first = await prepare();
    const second = await prepare();
    expect(second.prepared.bundles).toEqual(first.prepared.bundles);
    expect(second.docker.runs.filter((r) => r.args.includes('configure'))).toHaveLength(0);
  });
});
