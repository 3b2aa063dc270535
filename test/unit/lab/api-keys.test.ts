/**
 * `fedlab api-key issue|list|revoke` on real files (a temp state dir) with a fake Docker engine and
 * a small HTTP stand-in for the restarted node that reads the operator's api_keys per request,
 * as a node does once at start.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../src/lab/cli/program.js';
import { createLab } from '../../../src/lab/lab.js';
import { labelsFor } from '../../../src/lab/federation/names.js';
import { applyPolicy } from '../../../src/lab/material/operator-material.js';
import { FederationPaths } from '../../../src/lab/material/paths.js';
import { labReadKeys } from '../../../src/lab/api-keys/lab-api-key.js';
import { issueKey, listKeys, revokeKey } from '../../../src/lab/api-keys/key-list.js';
import { configSchema, hashApiKey, makePolicy } from '../../../src/protocol/index.js';
import { SilentProgress } from '../../../src/lab/progress/progress.js';
import { FakeDocker } from '../../support/lab-fakes.js';
import { capturedIo } from '../../support/captured-io.js';
import { KP_A } from '../node/config/fixtures.js';

let stateDir: string;
let paths: FederationPaths;
let server: Server;
let port: number;
let docker: FakeDocker;

const configFile = () => paths.nodeConfig('alpha');
const readConfig = async () => configSchema.parse(JSON.parse(await readFile(configFile(), 'utf8')));

async function writeOperator(read: 'anyone' | 'api-key'): Promise<void> {
  await mkdir(paths.operatorDir('alpha'), { recursive: true });
  const config = { keypair: { public: KP_A.publicKey, private: KP_A.privateKey }, policy: { read } };
  await writeFile(configFile(), JSON.stringify(config), { mode: 0o600 });
}

/** The "restarted node": 404 for a status query with a listed key, 401 without. */
function standInNode(): Server {
  return createServer((req, res) => {
    void (async () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v1/') return res.end('{}');
      const { api_keys } = await readConfig();
      const presented = req.headers['x-api-key'];
      const ok = typeof presented === 'string' && api_keys.some((k) => k.sha256 === hashApiKey(presented));
      res.statusCode = ok ? 404 : 401;
      res.end(
        JSON.stringify({ status: res.statusCode, message: ok ? 'no such transaction' : 'send X-Api-Key' }),
      );
    })();
  });
}

beforeAll(async () => {
  server = standInNode();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'fedlab-api-keys-'));
  paths = new FederationPaths(stateDir, 'f');
  docker = new FakeDocker();
  docker.addContainer({
    id: 'node-alpha',
    name: 'bigchaindb-alpha',
    labels: labelsFor('f', 'node', 'alpha', 'reqlite', 0),
    ports: [{ containerPort: 9984, hostIp: '127.0.0.1', hostPort: port }],
  });
});
afterEach(async () => rm(stateDir, { recursive: true, force: true }));

const cli = () => {
  const { io, out } = capturedIo();
  const program = buildProgram(io, (o) =>
    createLab({ ...o, docker, stateDir, progress: new SilentProgress() }),
  );
  return { out, run: (...args: string[]) => program.parseAsync(['node', 'fedlab', ...args]) };
};

describe('key list operations (pure)', () => {
  it('issue adds a hashed record, list shows no hash, revoke removes exactly that id', async () => {
    const config = { keypair: { public: KP_A.publicKey, private: KP_A.privateKey } };
    const now = new Date('2026-12-08T00:00:00Z');
    const a = issueKey(config, 'ci', now);
    const b = issueKey(a.config, 'ops', now);
    expect(b.config.api_keys?.map((k) => k.sha256)).toEqual([
      hashApiKey(a.issued.key),
      hashApiKey(b.issued.key),
    ]);
    expect(listKeys(b.config)).toEqual([
      { id: a.issued.record.id, label: 'ci', created: now.toISOString() },
      { id: b.issued.record.id, label: 'ops', created: now.toISOString() },
    ]);
    const after = revokeKey(b.config, a.issued.record.id, 'x/.bigchaindb').config;
    expect(listKeys(after).map((k) => k.id)).toEqual([b.issued.record.id]);
    expect(() => revokeKey(after, 'nope', 'x/.bigchaindb')).toThrow(/has no API key with id "nope"/);
  });
});

describe('fedlab api-key', () => {
  it('issue prints the key once, stores only its hash, restarts the node and checks it takes the key', async () => {
    await writeOperator('api-key');
    const { out, run } = cli();
    await run('--state-dir', stateDir, 'api-key', 'issue', 'alpha', '--label', 'ci', '--name', 'f');
    const text = out.join('\n');
    const key = /^\s+(fdk_[A-Za-z0-9_-]{43})$/m.exec(text)?.[1] ?? '';
    expect(key).not.toBe('');
    expect(text.split(key)).toHaveLength(2); // exactly once
    expect(text).toMatch(/shown only this once/);
    expect(text).toMatch(/X-Api-Key: <key>/);
    expect(text).toMatch(/alpha's node restarted .*it takes the key/);
    expect(docker.calls).toContain('restart node-alpha');
    const raw = await readFile(configFile(), 'utf8');
    expect(raw).not.toContain(key);
    const config = await readConfig();
    expect(config.api_keys).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{8}$/),
        label: 'ci',
        sha256: hashApiKey(key),
        created: expect.any(String),
      },
    ]);
    expect((await stat(configFile())).mode & 0o777).toBe(0o600);
    expect(text).not.toContain(hashApiKey(key));
  });

  it('list shows ids, labels and times; revoke removes one and restarts the node', async () => {
    await writeOperator('api-key');
    const lab = createLab({ docker, stateDir });
    const first = await lab.apiKeys.issue('f', 'alpha', 'first');
    const second = await lab.apiKeys.issue('f', 'alpha', 'second');
    const { out, run } = cli();
    await run('--state-dir', stateDir, 'api-key', 'list', 'alpha', '--name', 'f');
    expect(out[0]).toMatch(/^ID\s+CREATED\s+LABEL$/);
    expect(out.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([first.id, second.id]);
    expect(out.join('\n')).not.toMatch(/[0-9a-f]{64}|fdk_/);
    out.length = 0;
    docker.calls.length = 0;
    await run('--state-dir', stateDir, 'api-key', 'revoke', 'alpha', first.id, '--name', 'f');
    expect(out.join('\n')).toMatch(new RegExp(`revoked API key ${first.id} \\("first"\\) of alpha`));
    expect(docker.calls).toEqual(['restart node-alpha']);
    expect((await lab.apiKeys.list('f', 'alpha')).map((k) => k.id)).toEqual([second.id]);
    await expect(lab.apiKeys.revoke('f', 'alpha', first.id)).rejects.toThrow(/no API key with id/);
  });

  it('a node that is not running gets the keys when it starts; policy "anyone" is said', async () => {
    await writeOperator('anyone');
    docker.containers = docker.containers.map((c) => ({ ...c, state: 'exited' }));
    const issued = await createLab({ docker, stateDir }).apiKeys.issue('f', 'alpha');
    expect(issued.node).toEqual({ restarted: false, why: "alpha's node is not running" });
    expect(issued.notes.join(' ')).toMatch(/policy\.read is "anyone"/);
    expect(docker.calls).toEqual([]);
  });

  it('an unknown operator is named with the ones that exist', async () => {
    await writeOperator('api-key');
    await expect(createLab({ docker, stateDir }).apiKeys.list('f', 'zeta')).rejects.toThrow(
      /federation "f" has no operator "zeta"; its operators are: alpha/,
    );
  });
});

describe("the lab's own read key (up's probe)", () => {
  it('is made with policy.read "api-key", kept across runs, 0600, hash only in the config', async () => {
    await writeOperator('anyone');
    await applyPolicy(configFile(), makePolicy({ read: 'api-key' }));
    const key = (await readFile(paths.labApiKey('alpha'), 'utf8')).trim();
    expect((await stat(paths.labApiKey('alpha'))).mode & 0o777).toBe(0o600);
    const config = await readConfig();
    expect(config.policy.read).toBe('api-key');
    expect(config.api_keys).toEqual([expect.objectContaining({ id: 'fedlab', sha256: hashApiKey(key) })]);
    await applyPolicy(configFile(), makePolicy({ read: 'api-key' }));
    expect((await readFile(paths.labApiKey('alpha'), 'utf8')).trim()).toBe(key);
    const federation = { name: 'f', policy: makePolicy({ read: 'api-key' }), operators: [{ name: 'alpha' }] };
    expect(await labReadKeys(federation as never, { stateDir })).toEqual(new Map([['alpha', key]]));
  });

  it('is not made while anyone may read', async () => {
    await writeOperator('anyone');
    await applyPolicy(configFile(), makePolicy({}));
    expect((await readConfig()).api_keys).toEqual([]);
    await expect(stat(paths.labApiKey('alpha'))).rejects.toThrow(/ENOENT/);
  });
});
