// A 3-operator federation through the library API, as a user would run it, on the real RethinkDB
// cluster and (the smoke run for machines with no RethinkDB) on reqlite:
// up -> ready; CREATE via alpha, TRANSFER via beta (built with bigchaindb-driver), VALID on every
// node; status healthy with agreeing keyrings; down --volumes leaves nothing labelled behind.
// On rethinkdb also: three servers in one cluster, 3 replicas with majority acks, one database
// user per node, passwords only in their operator's directory, no database port on the host.
import driverModule from 'bigchaindb-driver';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { imageVersions } from '../../src/shared/images.js';
import {
  createLab,
  DockerodeClient,
  NodeApi,
  PlainProgress,
  renderStatus,
  waitValidEverywhere,
  type RunningFederation,
} from '../../src/lab/index.js';
import { writeFailureBundle } from '../../src/lab/failure/failure-bundle.js';
import { FederationPaths } from '../../src/lab/material/paths.js';
import { requireLabImages } from '../support/lab-docker.js';
import { freePorts } from '../support/lab-fake-nodes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped CJS default export
const driver = ((driverModule as any).default ?? driverModule) as any;
const docker = new DockerodeClient();
const execFileAsync = promisify(execFile);
// A node image other than the pinned one (a development build) may be named for a run.
const nodeImage = process.env.FEDLAB_E2E_NODE_IMAGE ?? imageVersions().images.node;

const ENGINES = [['rethinkdb'], ['reqlite']] as const;

describe.each(ENGINES)('federation on %s, 3 operators', (engine) => {
  const name = `e2e-${engine.slice(0, 4)}-${Date.now().toString(36)}-${process.pid}`;
  const label = { 'fedlab.federation': name };
  let stateDir: string;
  let running: RunningFederation;
  let failed = false;
  const progressLines: string[] = [];
  const lab = () =>
    createLab({
      stateDir,
      docker,
      images: { node: nodeImage },
      progress: new PlainProgress((l) => progressLines.push(l)),
      buildImages: false,
    });

  /** A named step: a failure keeps every container's logs before the federation is removed. */
  const step = (title: string, fn: () => Promise<void>, timeoutMs?: number) =>
    it(
      title,
      async () => {
        try {
          await fn();
        } catch (error) {
          failed = true;
          throw error;
        }
      },
      timeoutMs,
    );

  beforeAll(async () => {
    await requireLabImages(docker, [nodeImage, imageVersions().images[engine]]);
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-e2e-'));
  });

  afterAll(async () => {
    if (failed) {
      const dir = await writeFailureBundle(
        docker,
        new FederationPaths(stateDir, name),
        ['alpha', 'beta', 'gamma'],
        new Error('an e2e step failed'),
      );
      process.stderr.write(`e2e failure: logs kept in ${dir}\nprogress:\n${progressLines.join('\n')}\n`);
    }
    await lab().down(name, { volumes: true });
    if (!failed) await rm(stateDir, { recursive: true, force: true });
  });

  step('up reaches "federation ready"', async () => {
    const ports = await freePorts(3);
    running = await lab().up({
      name,
      engine,
      operators: ['alpha', 'beta', 'gamma'].map((op, i) => ({ name: op, apiPort: ports[i]! })),
    });
    expect(running.engine).toBe(engine);
    expect(running.operators.map((o) => o.name)).toEqual(['alpha', 'beta', 'gamma']);
    process.stderr.write(
      `[e2e] ${name} ready in ${Math.round(running.readyAfterMs)} ms\n${progressLines.join('\n')}\n`,
    );
  });

  step("no private key appears outside its own operator's directory", async () => {
    const entries = await readdir(stateDir, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    for (const op of running.operators) {
      const secret = JSON.parse(await readFile(join(op.directory, '.bigchaindb'), 'utf8')).keypair
        .private as string;
      const holders: string[] = [];
      for (const f of files)
        if ((await readFile(f, 'utf8')).includes(secret)) holders.push(relative(stateDir, f));
      expect(holders).toEqual([join(name, op.name, '.bigchaindb')]);
    }
  });

  if (engine === 'rethinkdb') {
    step('three servers in one cluster, 3 replicas with majority acks, one user per node', async () => {
      expect([...running.database.servers].sort()).toEqual(['alpha', 'beta', 'gamma']);
      expect(running.database).toMatchObject({ shards: 1, replicas: 3, writeAcks: 'majority' });
      expect([...running.database.users].sort()).toEqual(['fedlab_alpha', 'fedlab_beta', 'fedlab_gamma']);
    });

    step(
      "database passwords live only in their operator's directory (0600); no database port on the host",
      async () => {
        const entries = await readdir(stateDir, { recursive: true, withFileTypes: true });
        const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
        const adminFile = join(running.operators[0]!.directory, 'rethinkdb-admin-password');
        const secrets: [string, string][] = [[(await readFile(adminFile, 'utf8')).trim(), adminFile]];
        for (const op of running.operators) {
          const config = join(op.directory, '.bigchaindb');
          const db = JSON.parse(await readFile(config, 'utf8')).database as {
            user: string;
            password: string;
          };
          expect(db.user).toBe(`fedlab_${op.name}`);
          secrets.push([db.password, config]);
        }
        for (const [secret, home] of secrets) {
          expect(secret.length).toBeGreaterThanOrEqual(16);
          expect((await stat(home)).mode & 0o077).toBe(0);
          const holders: string[] = [];
          for (const f of files) if ((await readFile(f, 'utf8')).includes(secret)) holders.push(f);
          expect(holders).toEqual([home]);
        }
        const databases = (await docker.listContainers(label)).filter(
          (c) => c.labels['fedlab.role'] === 'database',
        );
        expect(databases).toHaveLength(3);
        for (const c of databases) expect(c.ports.filter((p) => p.hostPort !== undefined)).toEqual([]);
      },
    );

    step(
      "the servers' unauthenticated web UI is off: another operator's node finds port 8080 closed",
      async () => {
        // From inside beta's node container, on the federation network: the cluster port answers
        // (so the name resolves and the network is there), the HTTP admin port refuses.
        const probe = async (port: number): Promise<string> => {
          const script = `require('net').connect(${port}, 'rethinkdb-alpha').on('connect', () => { console.log('open'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`;
          const { stdout } = await execFileAsync('docker', [
            'exec',
            `fedlab-${name}-beta-bigchaindb-beta-1`,
            'node',
            '-e',
            script,
          ]);
          return stdout.trim();
        };
        expect(await probe(29015)).toBe('open');
        expect(await probe(8080)).toBe('ECONNREFUSED');
      },
    );
  }

  step('a CREATE posted to alpha and a TRANSFER posted to beta are VALID on every node', async () => {
    const nodes = running.operators.map((o) => ({ name: o.name, api: new NodeApi(o.apiUrl) }));
    const alice = new driver.Ed25519Keypair();
    const bob = new driver.Ed25519Keypair();
    const create = driver.Transaction.signTransaction(
      driver.Transaction.makeCreateTransaction(
        { e2e: name },
        { via: 'alpha' },
        [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(alice.publicKey))],
        alice.publicKey,
      ),
      alice.privateKey,
    );
    await nodes[0]!.api.postTransaction(create);
    await waitValidEverywhere(nodes, create.id, lab().context);
    const transfer = driver.Transaction.signTransaction(
      driver.Transaction.makeTransferTransaction(
        [{ tx: create, output_index: 0 }],
        [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(bob.publicKey))],
        { via: 'beta' },
      ),
      alice.privateKey,
    );
    await nodes[1]!.api.postTransaction(transfer);
    await waitValidEverywhere(nodes, transfer.id, lab().context);
    for (const n of nodes) expect(await n.api.transactionStatus(transfer.id)).toBe('valid');
  });

  step('status shows 3 healthy operators with agreeing keyrings', async () => {
    const status = await running.status();
    process.stderr.write(renderStatus(status));
    expect(status.engine).toBe(engine);
    if (engine === 'reqlite') expect(status.engineNote).toMatch(/cannot cluster/);
    else {
      expect(status.engineNote).toMatch(/3 RethinkDB .*servers/);
      expect([...status.database.servers].sort()).toEqual([...running.database.servers].sort());
      expect(status.database.serversAgree).toBe(true);
      expect(status.database.schemaReady).toBe(true);
    }
    expect(status.operators.map((o) => [o.name, o.health, o.keyringAgrees])).toEqual([
      ['alpha', 'healthy', true],
      ['beta', 'healthy', true],
      ['gamma', 'healthy', true],
    ]);
    expect(status.allHealthy && status.keyringsAgree).toBe(true);
  });

  step('logs are prefixed by operator', async () => {
    const lines: string[] = [];
    await lab().logs(name, { operator: 'beta', tail: 20 }, (l) => lines.push(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /^beta\/(node|rethinkdb)\s*\| /.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('beta/node'))).toBe(true);
  });

  step(
    'down --volumes leaves no container, network or volume with the label; a second down is a no-op',
    async () => {
      const summary = await running.down({ volumes: true });
      // three nodes + three RethinkDB servers, or + the shared reqlite server
      expect(summary.containers.length).toBe(engine === 'rethinkdb' ? 6 : 4);
      expect(await docker.listContainers(label)).toEqual([]);
      expect(await docker.listNetworks(label)).toEqual([]);
      expect(await docker.listVolumes(label)).toEqual([]);
      expect(await running.down({ volumes: true })).toEqual({ containers: [], networks: [], volumes: [] });
    },
  );
});
