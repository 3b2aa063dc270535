// A 3-operator reqlite federation through the library API, as a user would run it:
// up -> ready; CREATE via alpha, TRANSFER via beta (built with bigchaindb-driver), VALID on every
// node; status healthy with agreeing keyrings; down --volumes leaves nothing labelled behind.
import driverModule from 'bigchaindb-driver';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
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
const name = `e2e-${Date.now().toString(36)}-${process.pid}`;
const label = { 'fedlab.federation': name };
const docker = new DockerodeClient();
// A node image other than the pinned one (a development build) may be named for a run.
const nodeImage = process.env.FEDLAB_E2E_NODE_IMAGE ?? imageVersions().images.node;

describe(`federation ${name} (reqlite, 3 operators)`, () => {
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
    await requireLabImages(docker, [nodeImage, imageVersions().images.reqlite]);
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
      engine: 'reqlite',
      operators: ['alpha', 'beta', 'gamma'].map((op, i) => ({ name: op, apiPort: ports[i]! })),
    });
    expect(running.engine).toBe('reqlite');
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
    expect(status.engine).toBe('reqlite');
    expect(status.engineNote).toMatch(/cannot cluster/);
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
    expect(lines.every((l) => l.startsWith('beta/node | '))).toBe(true);
  });

  step(
    'down --volumes leaves no container, network or volume with the label; a second down is a no-op',
    async () => {
      const summary = await running.down({ volumes: true });
      expect(summary.containers.length).toBe(4); // three nodes + the shared reqlite server
      expect(await docker.listContainers(label)).toEqual([]);
      expect(await docker.listNetworks(label)).toEqual([]);
      expect(await docker.listVolumes(label)).toEqual([]);
      expect(await running.down({ volumes: true })).toEqual({ containers: [], networks: [], volumes: [] });
    },
  );
});
