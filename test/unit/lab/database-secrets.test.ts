import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createLabContext } from '../../../src/lab/context.js';
import { writeFailureBundle } from '../../../src/lab/failure/failure-bundle.js';
import { defineFederation } from '../../../src/lab/federation-file/parse.js';
import { resolveFederation } from '../../../src/lab/federation/model.js';
import {
  ensureAdminPassword,
  nodeDatabaseUser,
  userPasswordEnv,
} from '../../../src/lab/material/database-credentials.js';
import { prepareMaterial } from '../../../src/lab/up/prepare-files.js';
import { FakeDocker } from '../../support/lab-fakes.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
const readJson = async (file: string) =>
  JSON.parse(await readFile(file, 'utf8')) as { database: { user: string | null; password: string | null } };

describe('database secrets (engine rethinkdb)', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-secrets-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  const federation = resolveFederation(
    defineFederation({ name: 's1', operators: [{ name: 'alpha' }, { name: 'big-beta' }, { name: 'gamma' }] }),
  );
  const prepare = (engine: 'rethinkdb' | 'reqlite' = 'rethinkdb') =>
    prepareMaterial(
      federation,
      engine,
      createLabContext({ stateDir, docker: new FakeDocker(), nodeUser: null }),
    );

  it('names node users fedlab_<operator> and their password variables as the node CLI reads them', () => {
    expect(nodeDatabaseUser('big-beta')).toBe('fedlab_big_beta');
    expect(userPasswordEnv('fedlab_big_beta')).toBe('BIGCHAINDB_USER_PASSWORD_FEDLAB_BIG_BETA');
  });

  it('only the designated operator holds the admin password, in a 0600 file', async () => {
    const { paths } = await prepare();
    const file = paths.adminPassword('alpha');
    expect(await modeOf(file)).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[A-Za-z0-9_-]{32}$/);
    for (const op of ['big-beta', 'gamma'])
      await expect(stat(paths.adminPassword(op))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("each node is its own user; its password lives only in its operator's 0600 .bigchaindb", async () => {
    const { paths } = await prepare();
    const files = await filesUnder(stateDir);
    const secrets = [(await readFile(paths.adminPassword('alpha'), 'utf8')).trim()];
    for (const op of federation.operators) {
      const configFile = paths.nodeConfig(op.name);
      expect(await modeOf(configFile)).toBe(0o600);
      const { database } = await readJson(configFile);
      expect(database.user).toBe(nodeDatabaseUser(op.name));
      expect(database.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      secrets.push(database.password!);
      const holders: string[] = [];
      for (const f of files) if ((await readFile(f, 'utf8')).includes(database.password!)) holders.push(f);
      expect(holders.map((f) => relative(paths.root, f))).toEqual([`${op.name}/.bigchaindb`]);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('generates passwords once and reuses them on a later up', async () => {
    const first = await prepare();
    const admin = await readFile(first.paths.adminPassword('alpha'), 'utf8');
    const before = await Promise.all(
      federation.operators.map((op) => readJson(first.paths.nodeConfig(op.name))),
    );
    const second = await prepare();
    expect(await readFile(second.paths.adminPassword('alpha'), 'utf8')).toBe(admin);
    const after = await Promise.all(
      federation.operators.map((op) => readJson(second.paths.nodeConfig(op.name))),
    );
    expect(after.map((c) => c.database)).toEqual(before.map((c) => c.database));
  });

  it('reqlite: no users and no admin password (it has neither)', async () => {
    const { paths } = await prepare('reqlite');
    for (const op of federation.operators)
      expect((await readJson(paths.nodeConfig(op.name))).database).toMatchObject({
        user: null,
        password: null,
      });
    await expect(stat(paths.adminPassword('alpha'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a failure bundle holds no password', async () => {
    const { paths } = await prepare();
    const docker = new FakeDocker();
    docker.addContainer({ id: 'db-alpha', labels: { 'fedlab.federation': 's1', 'fedlab.role': 'database' } });
    const dir = await writeFailureBundle(docker, paths, ['alpha', 'big-beta', 'gamma'], new Error('boom'));
    const secrets = [(await readFile(paths.adminPassword('alpha'), 'utf8')).trim()];
    for (const op of federation.operators)
      secrets.push((await readJson(paths.nodeConfig(op.name))).database.password!);
    const bundled = await filesUnder(dir);
    expect(bundled.length).toBeGreaterThan(3);
    for (const f of bundled) {
      const text = await readFile(f, 'utf8');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

describe('the admin password file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-admin-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is created 0600, and an empty one (an interrupted write) gets a fresh password', async () => {
    const file = join(dir, 'rethinkdb-admin-password');
    await writeFile(file, '', { mode: 0o644 });
    const password = await ensureAdminPassword(file);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await modeOf(file)).toBe(0o600);
    expect(await ensureAdminPassword(file)).toBe(password);
  });

  it('keeps an existing password and narrows a file others could read to 0600', async () => {
    const file = join(dir, 'rethinkdb-admin-password');
    await writeFile(file, 'kept-password\n');
    await chmod(file, 0o644);
    expect(await ensureAdminPassword(file)).toBe('kept-password');
    expect(await modeOf(file)).toBe(0o600);
  });
});
