import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyNodeSettings, readNodeConfig, writeNodeConfig } from '../../../src/lab/material/node-config.js';
import { MaterialError } from '../../../src/lab/errors.js';
import { configSchema } from '../../../src/protocol/index.js';
import { generateKeypair } from '../../../src/shared/crypto/index.js';

const keys = generateKeypair();
const keypair = { public: keys.publicKey, private: keys.privateKey };

describe('.bigchaindb handling', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-cfg-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('sets only the keys the lab owns and keeps the rest', () => {
    const config = {
      keypair,
      keyring: [generateKeypair().publicKey],
      server: { bind: 'localhost:9984', body_limit_bytes: 5 },
      database: { name: 'bigchain' },
      log: { level: 'debug' as const },
    };
    const next = applyNodeSettings(config, {
      bind: '0.0.0.0:9984',
      databaseHost: 'rethinkdb-a',
      databasePort: 28015,
    });
    expect(next).toEqual({
      ...config,
      server: { bind: '0.0.0.0:9984', body_limit_bytes: 5 },
      database: { name: 'bigchain', host: 'rethinkdb-a', port: 28015 },
    });
  });

  it('writes what the node reads: the output parses with the node config schema', () => {
    const member = generateKeypair().publicKey;
    const written = applyNodeSettings(
      { keypair },
      {
        bind: '0.0.0.0:9984',
        databaseHost: 'rethinkdb-a',
        databasePort: 28015,
        databaseName: 'bigchain',
        credentials: { user: 'fedlab_rethinkdb_a', password: 'pw' },
        keyring: [member],
        policy: { create: [keys.publicKey], transfer: { metadata: 'forbidden' } },
      },
    );
    const parsed = configSchema.parse(JSON.parse(JSON.stringify(written)));
    expect(parsed.server.bind).toBe('0.0.0.0:9984');
    expect(parsed.database).toEqual({
      host: 'rethinkdb-a',
      port: 28015,
      name: 'bigchain',
      user: 'fedlab_rethinkdb_a',
      password: 'pw',
    });
    expect(parsed.keyring).toEqual([member]);
    expect(parsed.policy.create).toEqual([keys.publicKey]);
    expect(parsed.policy.transfer).toEqual({ allowed: true, metadata: 'forbidden' });
  });

  it('reads only a file the node accepts', async () => {
    const file = join(dir, '.bigchaindb');
    await writeFile(file, JSON.stringify({ keypair, server: { bind: 'no port' } }));
    await expect(readNodeConfig(file)).rejects.toThrow(/server\.bind/);
    await writeFile(file, JSON.stringify({ keypair, unknown_key: 1 }));
    await expect(readNodeConfig(file)).rejects.toThrow(MaterialError);
  });

  it('writes mode 0600 even over a wider file, in place', async () => {
    const file = join(dir, '.bigchaindb');
    await writeFile(file, '{}', { mode: 0o644 });
    const inode = (await stat(file)).ino;
    await writeNodeConfig(file, { keypair, keyring: [], server: {}, database: {} });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(file)).ino).toBe(inode); // a single-file bind mount keeps seeing it
    expect((await readNodeConfig(file)).keypair.public).toBe(keys.publicKey);
  });

  it('says which file is broken and what to do', async () => {
    const file = join(dir, '.bigchaindb');
    await writeFile(file, 'not json');
    await expect(readNodeConfig(file)).rejects.toThrow(MaterialError);
    await writeFile(file, '{"keypair": {}}');
    await expect(readNodeConfig(file)).rejects.toThrow(/keypair\.public/);
  });

  it('a broken file never quotes its content (the private key) in the error or its causes', async () => {
    const file = join(dir, '.bigchaindb');
    const secret = 'HSECRETSECRETSECRETSECRETSECRETS';
    // A hand edit lost the quotes: V8's JSON.parse message quotes the text around the bad token.
    await writeFile(file, `{"keypair": {"public": "${keys.publicKey}", "private": ${secret}}}`);
    const error = await readNodeConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaterialError);
    const chain: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) chain.push(e.message, e.stack ?? '');
    expect(chain.join('\n')).not.toMatch(/SECRET/);
  });
});
