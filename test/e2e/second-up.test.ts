// `up` of a federation that already runs, on the real RethinkDB cluster (issue 9): a second
// `up` that fails after it started something removes only what it started, never the running
// federation's containers, network or volumes, and its data still answers; a further `up`
// proceeds idempotently and brings the federation back to ready.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { generateKeypair } from '../../src/shared/crypto/index.js';
import { imageVersions } from '../../src/shared/images.js';
import {
  buildCreate,
  ComposeCli,
  createLab,
  DockerodeClient,
  NodeApi,
  PlainProgress,
  renderStatus,
  waitValidEverywhere,
  type ComposeRunner,
  type ContainerInfo,
  type FederationFileInput,
  type RunningFederation,
} from '../../src/lab/index.js';
import { writeFailureBundle } from '../../src/lab/failure/failure-bundle.js';
import { FederationPaths } from '../../src/lab/material/paths.js';
import { portIsFree } from '../../src/lab/up/check-ports.js';
import { requireLabImages } from '../support/lab-docker.js';
import { namedSteps } from '../support/named-steps.js';

const name = `e2e-again-${Date.now().toString(36)}-${process.pid}`;
const label = { 'fedlab.federation': name };
const docker = new DockerodeClient();
const nodeImage = process.env.FEDLAB_E2E_NODE_IMAGE ?? imageVersions().images.node;
/** A volume of the federation that exists before the second `up` (its data, as far as up knows). */
const keptVolume = `fedlab-${name}-kept`;

/** Two consecutive free loopback ports in 21000-21999 (this suite's range). */
async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 21_000 + Math.floor(Math.random() * 998);
    if ((await portIsFree(base)) && (await portIsFree(base + 1))) return base;
  }
  throw new Error('no two consecutive free ports on 127.0.0.1 between 21000 and 21999');
}

/** The real compose, except that `up` of `service` in project `failing` starts it and then fails. */
function composeFailingAfter(failing: string, service: string): ComposeRunner {
  const real = new ComposeCli();
  return {
    up: async (project, services) => {
      await real.up(project, services);
      if (project.name === failing && (services ?? []).includes(service))
        throw new Error(`injected failure after starting ${project.name}`);
    },
    run: (...args) => real.run(...args),
    down: (...args) => real.down(...args),
  };
}

const byName = (cs: readonly ContainerInfo[]) =>
  Object.fromEntries(cs.map((c) => [c.name, { id: c.id, state: c.state }]));

describe(`a second up of running federation ${name}`, () => {
  const { step, failed } = namedSteps();
  let stateDir: string;
  let file: FederationFileInput;
  let running: RunningFederation;
  let txId: string;
  let before: ContainerInfo[];
  let volumesBefore: string[];
  const progressLines: string[] = [];
  const lab = (compose?: ComposeRunner) =>
    createLab({
      stateDir,
      docker,
      images: { node: nodeImage },
      progress: new PlainProgress((l) => progressLines.push(l)),
      buildImages: false,
      ...(compose ? { compose } : {}),
    });

  beforeAll(async () => {
    await requireLabImages(docker, [nodeImage, imageVersions().images.rethinkdb]);
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-e2e-again-'));
    file = {
      name,
      engine: 'rethinkdb',
      basePort: await freeBasePort(),
      operators: [{ name: 'alpha' }, { name: 'beta' }],
    };
  });

  afterAll(async () => {
    if (failed()) {
      const dir = await writeFailureBundle(
        docker,
        new FederationPaths(stateDir, name),
        ['alpha', 'beta'],
        new Error('an e2e step failed'),
      );
      process.stderr.write(`e2e failure: logs kept in ${dir}\nprogress:\n${progressLines.join('\n')}\n`);
    }
    await lab().down(name, { volumes: true });
    if (!failed()) await rm(stateDir, { recursive: true, force: true });
  });

  step('the first up reaches "federation ready"; a CREATE is VALID on both nodes', async () => {
    running = await lab().up(file);
    const nodes = running.operators.map((o) => ({ name: o.name, api: new NodeApi(o.apiUrl) }));
    const tx = buildCreate(generateKeypair(), { e2e: name });
    txId = tx.id;
    await nodes[0]!.api.postTransaction(tx);
    await waitValidEverywhere(nodes, txId, lab().context);
    // Data of the federation that up did not make in this run: it must survive any later up.
    await new Docker().createVolume({ Name: keptVolume, Labels: { ...label } });
  });

  step("beta's node container goes away; the second up starts a new one, then fails", async () => {
    const betaNode = (
      await docker.listContainers({ ...label, 'fedlab.operator': 'beta', 'fedlab.role': 'node' })
    )[0]!;
    await docker.removeContainer(betaNode.id);
    before = await docker.listContainers(label);
    volumesBefore = (await docker.listVolumes(label)).sort();
    // The RethinkDB servers' data volumes and the extra labelled one.
    expect(volumesBefore).toHaveLength(3);
    progressLines.length = 0;
    const error = await lab(composeFailingAfter(`fedlab-${name}-beta`, 'bigchaindb-beta'))
      .up(file)
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(`injected failure after starting fedlab-${name}-beta`);
    const said = progressLines.join('\n');
    expect(said).toMatch(new RegExp(`federation "${name}" already exists .*up proceeds idempotently`));
    expect(said).toMatch(/removed 1 containers, 0 networks and 0 volumes this up created; kept what existed/);
  });

  step('what existed before the second up is untouched; only its new container is gone', async () => {
    const after = await docker.listContainers(label);
    expect(byName(after)).toEqual(byName(before));
    expect(after.every((c) => c.state === 'running')).toBe(true);
    expect(after.map((c) => `${c.labels['fedlab.operator']}/${c.labels['fedlab.role']}`).sort()).toEqual([
      'alpha/database',
      'alpha/node',
      'beta/database',
    ]);
    // The federation network and each operator's private one (fedlab fault partition cuts the first).
    expect((await docker.listNetworks(label)).map((n) => n.name).sort()).toEqual(
      [`fedlab-${name}`, `fedlab-${name}-alpha`, `fedlab-${name}-beta`].sort(),
    );
    expect((await docker.listVolumes(label)).sort()).toEqual(volumesBefore);
  });

  step('the running federation still answers with its data', async () => {
    const alpha = new NodeApi(running.operators[0]!.apiUrl);
    expect(await alpha.transactionStatus(txId)).toBe('valid');
    const status = await running.status();
    process.stderr.write(renderStatus(status));
    expect(status.operators.map((o) => [o.name, o.health])).toEqual([
      ['alpha', 'healthy'],
      ['beta', 'not running'],
    ]);
  });

  step('a third up proceeds idempotently: ready again, same data, keys and alpha container', async () => {
    const alphaOf = async () =>
      (await docker.listContainers({ ...label, 'fedlab.operator': 'alpha', 'fedlab.role': 'node' }))[0]!;
    const alphaBefore = await alphaOf();
    running = await lab().up(file);
    const nodes = running.operators.map((o) => ({ name: o.name, api: new NodeApi(o.apiUrl) }));
    await waitValidEverywhere(nodes, txId, lab().context);
    const alphaAfter = await alphaOf();
    expect(alphaAfter.id).toBe(alphaBefore.id);
    const status = await running.status();
    expect(status.allHealthy && status.keyringsAgree).toBe(true);
    expect((await docker.listVolumes(label)).sort()).toEqual(volumesBefore);
  });
});
