import { ConfigError } from '../../../../src/shared/errors.js';
import {
  configLeaves,
  defaultConfig,
  maskConfig,
  MASK,
  parseBind,
  publicKeyOfPrivate,
  resolveConfig,
} from '../../../../src/node/config/index.js';
import { KP_A, KP_B, KP_C } from './fixtures.js';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config defaults', () => {
  it('has the spec defaults', () => {
    const c = defaultConfig();
    expect(c.server.bind).toBe('localhost:9984');
    expect(c.database).toEqual({
      host: 'localhost',
      port: 28015,
      name: 'bigchain',
      user: null,
      password: null,
    });
    expect(c.keypair).toEqual({ public: null, private: null });
    expect(c.keyring).toEqual([]);
    expect(c.policy).toEqual({
      create: 'anyone',
      transfer: { allowed: true, metadata: 'allowed' },
      assetSchema: null,
      maxTransactionBytes: 15_360,
      read: 'anyone',
    });
    expect(c.api_keys).toEqual([]);
  });

  it('refuses a body limit below the largest valid transaction', () => {
    expect(problemsOf(() => resolveConfig({ env: { BIGCHAINDB_SERVER_BODY_LIMIT_BYTES: '1000' } }))).toEqual([
      expect.stringMatching(/^server\.body_limit_bytes: 1000 is below policy\.maxTransactionBytes/),
    ]);
  });

  it('describes every leaf and gives each a distinct env variable', () => {
    const leaves = configLeaves();
    expect(leaves.length).toBeGreaterThan(15);
    for (const leaf of leaves) expect(leaf.description).not.toBe('');
    const names = leaves.map((l) => l.envName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['BIGCHAINDB_DATABASE_HOST', 'BIGCHAINDB_KEYRING', 'BIGCHAINDB_SERVER_BIND']),
    );
  });
});

describe('precedence defaults < file < env < flags', () => {
  const file = { database: { host: 'from-file', port: 1111 }, server: { bind: '0.0.0.0:1' } };

  it('file overrides defaults, env overrides file, flags override env', () => {
    const c = resolveConfig({
      file,
      env: { BIGCHAINDB_DATABASE_PORT: '2222', BIGCHAINDB_SERVER_BIND: '127.0.0.1:2' },
      flags: { server: { bind: '127.0.0.1:3' } },
    });
    expect(c.database.host).toBe('from-file');
    expect(c.database.port).toBe(2222);
    expect(c.database.name).toBe('bigchain');
    expect(c.server.bind).toBe('127.0.0.1:3');
  });

  it('coerces env values to the type of the key', () => {
    const c = resolveConfig({
      env: {
        BIGCHAINDB_KEYRING: `${KP_B.publicKey}:${KP_C.publicKey}`,
        BIGCHAINDB_BACKLOG_REASSIGN_DELAY: '30',
        BIGCHAINDB_POLICY_TRANSFER_ALLOWED: 'false',
        BIGCHAINDB_POLICY_CREATE: KP_A.publicKey,
        BIGCHAINDB_POLICY_ASSETSCHEMA: '{"type":"object"}',
        BIGCHAINDB_DATABASE_USER: 'alice',
        BIGCHAINDB_LOG_LEVEL: 'debug',
      },
    });
    expect(c.keyring).toEqual([KP_B.publicKey, KP_C.publicKey]);
    expect(c.backlog_reassign_delay).toBe(30);
    expect(c.policy.transfer.allowed).toBe(false);
    expect(c.policy.create).toEqual([KP_A.publicKey]);
    expect(c.policy.assetSchema).toEqual({ type: 'object' });
    expect(c.database.user).toBe('alice');
    expect(c.log.level).toBe('debug');
  });

  it('keeps "anyone" as a string and an empty keyring as []', () => {
    const c = resolveConfig({ env: { BIGCHAINDB_POLICY_CREATE: 'anyone', BIGCHAINDB_KEYRING: '' } });
    expect(c.policy.create).toBe('anyone');
    expect(c.keyring).toEqual([]);
  });

  it('ignores unknown BIGCHAINDB_ variables (e.g. BIGCHAINDB_CONFIG_PATH)', () => {
    expect(() =>
      resolveConfig({ env: { BIGCHAINDB_CONFIG_PATH: '/x', BIGCHAINDB_NOPE: '1' } }),
    ).not.toThrow();
  });
});

describe('errors are `path: message`', () => {
  it('names the env variable of a value that cannot be coerced', () => {
    expect(problemsOf(() => resolveConfig({ env: { BIGCHAINDB_DATABASE_PORT: 'abc' } }))).toEqual([
      'database.port: "abc" is not a number (from BIGCHAINDB_DATABASE_PORT)',
    ]);
  });

  it('reports every bad key of the file at once, with its path', () => {
    const problems = problemsOf(() =>
      resolveConfig({
        filePath: '/x/.bigchaindb',
        file: { database: { port: 'x' }, server: { bnd: 'a' }, keyring: ['nope'] },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^database\.port: /),
        'server.bnd: unknown key (check its spelling)',
        expect.stringMatching(/^keyring\.0: must be a base58 Ed25519 public key/),
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('says which env variable set an invalid value', () => {
    const problems = problemsOf(() => resolveConfig({ env: { BIGCHAINDB_SERVER_BIND: 'nocolon' } }));
    expect(problems[0]).toMatch(/^server\.bind: must be HOST:PORT.*\(from BIGCHAINDB_SERVER_BIND\)$/);
  });

  it('rejects the own public key in the keyring', () => {
    const problems = problemsOf(() =>
      resolveConfig({
        file: { keypair: { public: KP_A.publicKey, private: KP_A.privateKey }, keyring: [KP_A.publicKey] },
      }),
    );
    expect(problems).toEqual([expect.stringMatching(/^keyring: contains this node's own public key/)]);
  });

  it('rejects a keypair whose halves do not match, or half a keypair', () => {
    expect(
      problemsOf(() =>
        resolveConfig({ file: { keypair: { public: KP_A.publicKey, private: KP_B.privateKey } } }),
      ),
    ).toEqual([expect.stringMatching(/^keypair\.public: does not belong to keypair\.private/)]);
    expect(problemsOf(() => resolveConfig({ file: { keypair: { public: KP_A.publicKey } } }))).toEqual([
      expect.stringMatching(/^keypair: set both/),
    ]);
  });

  it('rejects a file that is not an object', () => {
    expect(problemsOf(() => resolveConfig({ file: [1, 2] }))).toEqual(['(root): must be a JSON object']);
  });

  it('puts the file name in the message', () => {
    expect(() => resolveConfig({ filePath: '/data/.bigchaindb', file: { log: { level: 'loud' } } })).toThrow(
      /^\/data\/\.bigchaindb is invalid:\n {2}log\.level: /,
    );
  });
});

describe('helpers', () => {
  it('derives the public key of a private seed like bigchaindb-driver', () => {
    expect(publicKeyOfPrivate(KP_A.privateKey)).toBe(KP_A.publicKey);
    expect(publicKeyOfPrivate('0OIl')).toBeNull();
  });

  it('masks the private key and password', () => {
    const c = resolveConfig({
      file: { keypair: { public: KP_A.publicKey, private: KP_A.privateKey }, database: { password: 'pw' } },
    });
    const masked = maskConfig(c);
    expect(masked.keypair).toEqual({ public: KP_A.publicKey, private: MASK });
    expect(masked.database.password).toBe(MASK);
    expect(JSON.stringify(masked)).not.toContain(KP_A.privateKey);
    expect(c.keypair.private).toBe(KP_A.privateKey);
  });

  it('parses server.bind, including IPv6', () => {
    expect(parseBind('localhost:9984')).toEqual({ host: 'localhost', port: 9984 });
    expect(parseBind('[::1]:80')).toEqual({ host: '::1', port: 80 });
  });
});
