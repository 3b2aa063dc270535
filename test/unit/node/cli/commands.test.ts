import { readFile, stat, writeFile } from 'node:fs/promises';
import { MASK } from '../../../../src/node/config/index.js';
import { CliHarness } from './cli-harness.js';

const h = new CliHarness();
beforeEach(async () => {
  h.env = {};
  h.answer = null;
  h.store = new (h.store.constructor as new () => typeof h.store)();
  await h.setup();
});
afterEach(() => h.teardown());

async function configured(): Promise<Record<string, { public: string; private: string }>> {
  expect((await h.run('-c', h.configPath, 'configure', '-y')).code).toBe(0);
  return JSON.parse(await readFile(h.configPath, 'utf8')) as Record<
    string,
    { public: string; private: string }
  >;
}

describe('configure', () => {
  it('writes a 0600 file with a fresh keypair and the BIGCHAINDB_* environment', async () => {
    h.env = { BIGCHAINDB_DATABASE_HOST: 'rethinkdb-alice', BIGCHAINDB_SERVER_BIND: '0.0.0.0:9984' };
    const run = await h.run('-c', h.configPath, 'configure', '-y');
    expect(run).toMatchObject({ code: 0, out: [] });
    expect(run.err[0]).toMatch(/^wrote .*\.bigchaindb \(mode 0600\); this node's public key: \w+/);
    expect((await stat(h.configPath)).mode & 0o777).toBe(0o600);
    const file = JSON.parse(await readFile(h.configPath, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(file.database?.host).toBe('rethinkdb-alice');
    expect(file.server?.bind).toBe('0.0.0.0:9984');
    expect(file.keypair?.public).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
  });

  it('refuses to overwrite without -y, and makes a new keypair with -y', async () => {
    const first = await configured();
    const refused = await h.run('-c', h.configPath, 'configure');
    expect(refused.code).toBe(1);
    expect(refused.err).toEqual([expect.stringMatching(/^error: config file .* already exists; pass -y/)]);
    const second = await configured();
    expect(second.keypair?.public).not.toBe(first.keypair?.public);
  });

  it('uses $BIGCHAINDB_CONFIG_PATH, else ~/.bigchaindb', async () => {
    h.env = { BIGCHAINDB_CONFIG_PATH: `${h.dir}/env-config` };
    expect((await h.run('configure')).code).toBe(0);
    await expect(stat(`${h.dir}/env-config`)).resolves.toBeTruthy();
    h.env = {};
    expect((await h.run('configure')).code).toBe(0);
    await expect(stat(`${h.dir}/.bigchaindb`)).resolves.toBeTruthy();
  });

  it('reports a bad environment value as `path: message` and writes nothing', async () => {
    h.env = { BIGCHAINDB_DATABASE_PORT: 'many' };
    const run = await h.run('-c', h.configPath, 'configure', '-y');
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(
      /database\.port: "many" is not a number \(from BIGCHAINDB_DATABASE_PORT\)/,
    );
    await expect(stat(h.configPath)).rejects.toThrow();
  });
});

describe('show-config and export-my-pubkey', () => {
  it('show-config masks the private key', async () => {
    const file = await configured();
    const run = await h.run('-c', h.configPath, 'show-config');
    expect(run.code).toBe(0);
    const shown = JSON.parse(run.out.join('\n')) as Record<string, Record<string, unknown>>;
    expect(shown.keypair).toEqual({ public: file.keypair?.public, private: MASK });
    expect(run.out.join('\n')).not.toContain(file.keypair?.private);
  });

  it('export-my-pubkey prints only the public key', async () => {
    const file = await configured();
    expect(await h.run('-c', h.configPath, 'export-my-pubkey')).toEqual({
      code: 0,
      out: [file.keypair?.public],
      err: [],
    });
  });

  it('fails clearly without a config file or without a keypair', async () => {
    const missing = await h.run('-c', h.configPath, 'export-my-pubkey');
    expect(missing.code).toBe(1);
    expect(missing.err).toEqual([
      expect.stringMatching(/^error: no config file at .*; run `bigchaindb -c .* configure` first$/),
    ]);
    await writeFile(h.configPath, '{}');
    const noKey = await h.run('-c', h.configPath, 'export-my-pubkey');
    expect(noKey.err).toEqual([expect.stringMatching(/^error: .* has no keypair; run/)]);
  });

  it('reports an invalid file with every problem and no stack', async () => {
    await writeFile(h.configPath, JSON.stringify({ database: { port: 'x' }, keyring: 'nope' }));
    const run = await h.run('-c', h.configPath, 'show-config');
    expect(run.code).toBe(1);
    const text = run.err.join('\n');
    expect(text).toMatch(/^error: .* is invalid:\n {2}database\.port: .*\n {2}keyring: /);
    expect(text).not.toMatch(/\n\s+at /);
  });
});

describe('database commands', () => {
  it('init writes a genesis block signed by this node, then refuses a second time', async () => {
    const file = await configured();
    expect((await h.run('-c', h.configPath, 'init')).code).toBe(0);
    expect(h.store.inits[0]?.genesis.block.node_pubkey).toBe(file.keypair?.public);
    const again = await h.run('-c', h.configPath, 'init');
    expect(again.code).toBe(1);
    expect(again.err).toEqual([expect.stringMatching(/^error: database "bigchain" already exists/)]);
    expect(h.store.closed).toBe(2);
  });

  it('drop needs -y or a yes; without a terminal it refuses', async () => {
    await configured();
    h.store.created = true;
    expect((await h.run('-c', h.configPath, 'drop')).code).toBe(2);
    h.answer = false;
    expect((await h.run('-c', h.configPath, 'drop')).code).toBe(0);
    expect(h.store.created).toBe(true);
    expect((await h.run('-c', h.configPath, 'drop', '-y')).code).toBe(0);
    expect(h.store.created).toBe(false);
    const missing = await h.run('-c', h.configPath, 'drop', '-y');
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/does not exist/);
  });

  it('set-shards / set-replicas reconfigure, and a failure is a non-zero exit', async () => {
    await configured();
    expect((await h.run('-c', h.configPath, 'set-shards', '2')).code).toBe(0);
    expect((await h.run('-c', h.configPath, 'set-replicas', '3')).code).toBe(0);
    expect([h.store.shards, h.store.replicas]).toEqual([[2], [3]]);
    h.store.engine = 'reqlite';
    const failed = await h.run('-c', h.configPath, 'set-replicas', '3');
    expect(failed.code).toBe(1);
    expect(failed.err).toEqual([expect.stringMatching(/^error: reqlite cannot reconfigure tables/)]);
    const bad = await h.run('-c', h.configPath, 'set-shards', 'zero');
    expect(bad).toMatchObject({ code: 2, err: ['error: shards must be a positive integer, got "zero"'] });
  });
});

describe('usage', () => {
  it('exits 2 on an unknown command and 0 for --help', async () => {
    expect((await h.run('frobnicate')).code).toBe(2);
    const help = await h.run('--help');
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/export-my-pubkey/);
  });
});
