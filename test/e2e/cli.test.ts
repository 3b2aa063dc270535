// The `fedlab` command as a user runs it: real processes (node dist/lab/cli/main.js) in a fresh
// directory, against the real Docker engine. init -> edit -> up -> status -> logs -> up again ->
// down --volumes -> down again; and bad input that must fail with one clear message, starting
// nothing. Every run is recorded and printed, with the containers' logs, when a step fails.
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT, imageVersions } from '../../src/shared/images.js';
import { DockerodeClient, type FederationStatus } from '../../src/lab/index.js';
import { writeFailureBundle } from '../../src/lab/failure/failure-bundle.js';
import { FederationPaths } from '../../src/lab/material/paths.js';
import { portIsFree } from '../../src/lab/up/check-ports.js';
import { requireLabImages } from '../support/lab-docker.js';
import { namedSteps } from '../support/named-steps.js';
import { describeCliRun, runCli, type CliRun } from '../support/cli-run.js';

const CLI = join(PROJECT_ROOT, 'dist', 'lab', 'cli', 'main.js');
const OPERATORS = ['alpha', 'beta', 'gamma'];
const run = `${Date.now().toString(36)}-${process.pid}`;
const docker = new DockerodeClient();
// A development build of the node image may be named for a run (as in federation.test.ts).
const nodeImage = process.env.FEDLAB_E2E_NODE_IMAGE ?? imageVersions().images.node;

const transcript: CliRun[] = [];

/** Runs `fedlab --state-dir <cwd>/state ...args` in `cwd`; never throws on a non-zero exit. */
async function fedlab(cwd: string, args: string[], timeoutMs = 120_000): Promise<CliRun> {
  const done = await runCli(CLI, ['--state-dir', join(cwd, 'state'), ...args], {
    cwd,
    env: nodeImage === imageVersions().images.node ? {} : { FEDLAB_NODE_IMAGE: nodeImage },
    timeoutMs,
  });
  // The transcript names runs as a user typed them, without the test's --state-dir.
  done.args = args;
  transcript.push(done);
  return done;
}

const describeRun = (r: CliRun): string => describeCliRun('fedlab', r);

/** Three consecutive free loopback ports from a random base below Linux's ephemeral range. */
async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(OPERATORS.map((_, i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no three consecutive free ports found on 127.0.0.1 between 20000 and 32000');
}

async function labelled(
  name: string,
): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const label = { 'fedlab.federation': name };
  return {
    containers: (await docker.listContainers(label)).map((c) => c.name),
    networks: (await docker.listNetworks(label)).map((n) => n.name),
    volumes: await docker.listVolumes(label),
  };
}
const NOTHING = { containers: [], networks: [], volumes: [] };

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** An expected failure: exit 1 and a message, never a stack trace or "unexpected error". */
function expectCleanFailure(r: CliRun): void {
  expect(r.exitCode).toBe(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/unexpected error/);
}

beforeAll(async () => {
  await requireLabImages(docker, [nodeImage, imageVersions().images.rethinkdb]);
  await access(CLI).catch(() => {
    throw new Error(`${CLI} is missing; run npm run build`);
  });
});

describe('fedlab CLI: bad input fails with one clear message and starts nothing', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-cli-bad-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a type error and a duplicate operator are both reported as path: message (file:line)', async () => {
    const name = `cli-bad-${run}`;
    const yaml = [
      `name: ${name}`,
      'engine: reqlite',
      'replicas: three',
      'operators:',
      '  - name: alpha',
      '  - name: beta',
      '  - name: alpha',
      '',
    ].join('\n');
    await writeFile(join(dir, 'federation.yaml'), yaml);
    const r = await fedlab(dir, ['up']);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(/federation\.yaml is invalid/);
    expect(r.stderr).toMatch(/^ {2}replicas: .*expected number.* \(federation\.yaml:3\)/m);
    expect(r.stderr).toMatch(
      /^ {2}operators\.2\.name: duplicate of operators\.0\.name \("alpha"\) \(federation\.yaml:7\)/m,
    );
    expect(r.stdout).toBe('');
    expect(await exists(join(dir, 'state'))).toBe(false);
    expect(await labelled(name)).toEqual(NOTHING);
  });

  it('a YAML syntax error names the file and the line', async () => {
    await writeFile(join(dir, 'federation.yaml'), 'name: broken\noperators: [\n  - name: alpha\n');
    const r = await fedlab(dir, ['up']);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(/^fedlab: federation\.yaml is invalid:$/m);
    expect(r.stderr).toMatch(/^ {2}\(yaml\): .+ \(federation\.yaml:\d+\)/m);
    expect(await exists(join(dir, 'state'))).toBe(false);
  });

  it('an unreachable Docker socket names the socket and ./scripts/setup.sh', async () => {
    expect((await fedlab(dir, ['init'])).exitCode).toBe(0);
    const r = await fedlab(dir, ['--docker-socket', '/nonexistent.sock', 'up']);
    expectCleanFailure(r);
    const last = r.stderr.trimEnd().split('\n').at(-1);
    expect(last).toMatch(/^fedlab: Docker engine not reachable at unix:\/\/\/nonexistent\.sock;/);
    expect(last).toContain('./scripts/setup.sh');
    expect(await exists(join(dir, 'state'))).toBe(false);
  });

  it('fault with an unknown action names the actions there are, before touching Docker', async () => {
    const r = await fedlab(dir, [
      '--docker-socket',
      '/nonexistent.sock',
      'fault',
      'explode',
      'alpha',
      '--name',
      'x',
    ]);
    expectCleanFailure(r);
    expect(r.stderr.trim()).toBe(
      'fedlab: unknown fault action "explode"; use one of: kill, stop, start, restart, pause, unpause, ' +
        'partition, heal [FAULT_ACTION_UNKNOWN]',
    );
  });

  it('a non-numeric --tail is a usage error, not a crash', async () => {
    const r = await fedlab(dir, ['logs', '--tail', 'many', '--name', `cli-none-${run}`]);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(/^error: option '--tail <lines>' argument 'many' is invalid/m);
  });
});

describe('fedlab CLI: a federation from init to down', () => {
  const name = `cli-${run}`;
  let dir: string;
  let basePort: number;
  /** A named step; a failure keeps the transcript and every container's logs. */
  const { step, failed } = namedSteps();
  let keysAfterFirstUp: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-cli-'));
    basePort = await freeBasePort();
  });

  afterAll(async () => {
    if (failed()) {
      const bundle = await writeFailureBundle(
        docker,
        new FederationPaths(join(dir, 'state'), name),
        OPERATORS,
        new Error('a CLI e2e step failed'),
      ).catch((e: unknown) => `(no bundle: ${String(e)})`);
      process.stderr.write(
        `cli e2e failure: logs kept in ${bundle}\n${transcript.map(describeRun).join('\n')}\n`,
      );
    }
    // Always, whatever failed: leave nothing labelled behind.
    await fedlab(dir, ['down', '--volumes', '--name', name]);
    expect(await labelled(name)).toEqual(NOTHING);
    if (!failed()) await rm(dir, { recursive: true, force: true });
  });

  step('init writes a commented federation.yaml and refuses to overwrite it without --force', async () => {
    const file = join(dir, 'federation.yaml');
    const first = await fedlab(dir, ['init']);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/wrote federation\.yaml/);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(10);
    expect(parseYaml(text)).toMatchObject({ name: 'demo', basePort: 9984, engine: 'auto' });

    const edited = `${text}# my own note\n`;
    await writeFile(file, edited);
    const again = await fedlab(dir, ['init']);
    expectCleanFailure(again);
    expect(again.stderr.trimEnd().split('\n')).toEqual([
      'fedlab: federation.yaml already exists; edit it, or pass --force to overwrite it [FILE_EXISTS]',
    ]);
    expect(await readFile(file, 'utf8')).toBe(edited);

    const forced = await fedlab(dir, ['init', '--force', '--name', name]);
    expect(forced.exitCode).toBe(0);
    expect(parseYaml(await readFile(file, 'utf8'))).toMatchObject({ name });
  });

  step('edit the ports in the YAML, as a user would (engine auto: the real RethinkDB cluster)', async () => {
    const file = join(dir, 'federation.yaml');
    const text = await readFile(file, 'utf8');
    const edited = text.replace(/^basePort: 9984$/m, `basePort: ${basePort}`);
    expect(parseYaml(edited)).toMatchObject({ name, basePort, engine: 'auto' });
    await writeFile(file, edited);
  });

  step('up exits 0, prints each step with its time, and "ready"', async () => {
    const r = await fedlab(dir, ['up'], 600_000);
    process.stderr.write(`[cli e2e] ${describeRun(r)}`);
    expect(r.exitCode).toBe(0);
    const steps = r.stderr.split('\n').filter((l) => /^ok .+ \((\d+ ms|\d+\.\d s)\)$/.test(l));
    expect(steps.length).toBeGreaterThanOrEqual(10);
    expect(r.stderr).toMatch(/^ok probe transaction VALID on every node \(/m);
    expect(r.stderr).toMatch(/engine rethinkdb: 3 RethinkDB .*servers/);
    expect(r.stderr).not.toMatch(/^FAILED /m);
    expect(r.stdout).toMatch(
      new RegExp(`^federation "${name}" ready in \\d+(\\.\\d)? (ms|s) \\(rethinkdb\\)$`, 'm'),
    );
    OPERATORS.forEach((op, i) =>
      expect(r.stdout).toContain(`${op.padEnd(10)} http://127.0.0.1:${basePort + i}/api/v1/`),
    );
  });

  step('status prints a table: every operator healthy, keyrings agreeing', async () => {
    const r = await fedlab(dir, ['status']);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`federation ${name}`);
    expect(lines).toContainEqual(expect.stringMatching(/^OPERATOR\s+CONTAINERS\s+NODE\s+KEYRING/));
    OPERATORS.forEach((op, i) =>
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${op}\\s+2/2 running\\s+healthy\\s+agrees\\s.*http://127\\.0\\.0\\.1:${basePort + i}$`,
          ),
        ),
      ),
    );
    expect(lines.at(-1)).toBe('3/3 operators healthy; keyrings agree');
    expect((await fedlab(dir, ['status', '--check'])).exitCode).toBe(0);
  });

  step('status --json parses and says the same', async () => {
    const r = await fedlab(dir, ['status', '--json']);
    expect(r.exitCode).toBe(0);
    const status = JSON.parse(r.stdout) as FederationStatus;
    expect(status).toMatchObject({ name, engine: 'rethinkdb', allHealthy: true, keyringsAgree: true });
    expect(status.operators.map((o) => [o.name, o.health, o.keyringAgrees, o.apiUrl])).toEqual(
      OPERATORS.map((op, i) => [op, 'healthy', true, `http://127.0.0.1:${basePort + i}`]),
    );
    keysAfterFirstUp = status.operators.map((o) => o.publicKey ?? '');
    expect(new Set(keysAfterFirstUp).size).toBe(3);
  });

  step(
    'logs alpha --tail 5 prints at most 5 lines per container, each prefixed by operator and role',
    async () => {
      const r = await fedlab(dir, ['logs', 'alpha', '--tail', '5']);
      expect(r.exitCode).toBe(0);
      const lines = r.stdout.split('\n').filter(Boolean);
      const node = lines.filter((l) => /^alpha\/node\s+\| /.test(l)); // prefixes padded to one width
      const database = lines.filter((l) => /^alpha\/rethinkdb \| /.test(l));
      expect(node.length).toBeGreaterThan(0);
      expect(node.length).toBeLessThanOrEqual(5);
      expect(database.length).toBeGreaterThan(0);
      expect(database.length).toBeLessThanOrEqual(5);
      expect(node.length + database.length).toBe(lines.length);
      for (const line of node) expect(line).toMatch(/^alpha\/node\s+\| \{/);
    },
  );

  step('up a second time is harmless: exit 0, still ready, same keys', async () => {
    const r = await fedlab(dir, ['up'], 600_000);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^federation "${name}" ready in `, 'm'));
    expect(r.stderr).toMatch(/the ledger database already exists: its data is kept as it is/);
    const status = JSON.parse((await fedlab(dir, ['status', '--json'])).stdout) as FederationStatus;
    expect(status.allHealthy && status.keyringsAgree).toBe(true);
    expect(status.operators.map((o) => o.publicKey)).toEqual(keysAfterFirstUp);
  });

  step('down --volumes exits 0 and leaves nothing labelled; down again exits 0', async () => {
    const r = await fedlab(dir, ['down', '--volumes']);
    expect(r.exitCode).toBe(0);
    // Networks: the federation's and each operator's own (engine rethinkdb; fedlab fault partition).
    expect(r.stdout).toMatch(new RegExp(`^removed 6 containers, 4 networks, \\d+ volumes of "${name}"$`));
    expect(await labelled(name)).toEqual(NOTHING);
    const again = await fedlab(dir, ['down', '--volumes']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout.trim()).toBe(`nothing of "${name}" left to remove`);
    const check = await fedlab(dir, ['status', '--check']);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toMatch(
      new RegExp(`federation "${name}" is not healthy: .*\\[FEDERATION_NOT_HEALTHY\\]`),
    );
  });
});
