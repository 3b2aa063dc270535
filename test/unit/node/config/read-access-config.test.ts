/** policy.read and api_keys (issue 16): one schema for the federation file and `.bigchaindb`. */
import { ConfigError } from '../../../../src/shared/errors.js';
import {
  configLeaves,
  defaultConfig,
  maskConfig,
  resolveConfig,
  MASK,
} from '../../../../src/node/config/index.js';
import { federationPolicySchema, hashApiKey, newApiKey } from '../../../../src/protocol/index.js';
import { defineFederation } from '../../../../src/lab/federation-file/parse.js';
import { readAccessOf } from '../../../../src/node/http/read-access-config.js';
import { createLogger } from '../../../../src/shared/log.js';

const record = newApiKey('ops', new Date('2026-12-08T00:00:00Z')).record;

function problemsOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.join('\n');
    throw e;
  }
  return '';
}

describe('policy.read', () => {
  test('defaults to "anyone"; "api-key" is the other choice; anything else is refused', () => {
    expect(federationPolicySchema.parse({}).read).toBe('anyone');
    expect(defaultConfig().policy.read).toBe('anyone');
    expect(federationPolicySchema.parse({ read: 'api-key' }).read).toBe('api-key');
    const bad = federationPolicySchema.safeParse({ read: 'keys' });
    expect(bad.success).toBe(false);
    expect(problemsOf(() => resolveConfig({ file: { policy: { read: 'nobody' } } }))).toMatch(
      /^policy\.read: /,
    );
  });

  test('the federation file and the node config take the same policy (one schema)', () => {
    expect(defineFederation({ name: 'f', policy: { read: 'api-key' } }).policy.read).toBe('api-key');
    expect(defineFederation({ name: 'f' }).policy.read).toBe('anyone');
    expect(() => defineFederation({ name: 'f', policy: { read: 'keys' as 'anyone' } })).toThrow(
      /policy\.read/,
    );
    expect(resolveConfig({ env: { BIGCHAINDB_POLICY_READ: 'api-key' } }).policy.read).toBe('api-key');
  });
});

describe('api_keys', () => {
  test('hashes with ids, labels and times; default none; env BIGCHAINDB_API_KEYS is JSON', () => {
    expect(defaultConfig().api_keys).toEqual([]);
    expect(resolveConfig({ file: { api_keys: [record] } }).api_keys).toEqual([record]);
    const leaf = configLeaves().find((l) => l.path.join('.') === 'api_keys');
    expect(leaf).toMatchObject({ envName: 'BIGCHAINDB_API_KEYS', kind: 'json' });
    expect(leaf?.description).toMatch(/never the key/);
    const fromEnv = resolveConfig({ env: { BIGCHAINDB_API_KEYS: JSON.stringify([record]) } });
    expect(fromEnv.api_keys).toEqual([record]);
  });

  test('refuses a key instead of a hash, duplicate ids, a bad id and unknown fields', () => {
    const asKey = { ...record, sha256: 'fdk_' + 'A'.repeat(43) };
    expect(problemsOf(() => resolveConfig({ file: { api_keys: [asKey] } }))).toMatch(
      /api_keys\.0\.sha256: must be/,
    );
    const twice = [record, { ...record, sha256: hashApiKey('other') }];
    expect(problemsOf(() => resolveConfig({ file: { api_keys: twice } }))).toMatch(
      /api_keys\.1\.id: id .* twice/,
    );
    expect(problemsOf(() => resolveConfig({ file: { api_keys: [{ ...record, id: 'Bad Id' }] } }))).toMatch(
      /api_keys\.0\.id/,
    );
    expect(problemsOf(() => resolveConfig({ file: { api_keys: [{ ...record, key: 'x' }] } }))).toMatch(
      /api_keys\.0\.key: unknown key/,
    );
  });

  test('show-config masks the hashes; the start-up log names ids only', () => {
    const config = resolveConfig({ file: { api_keys: [record], policy: { read: 'api-key' } } });
    expect(maskConfig(config).api_keys).toEqual([{ ...record, sha256: MASK }]);
    const lines: string[] = [];
    const access = readAccessOf(config, createLogger({ fields: {}, sink: (l) => lines.push(l) }));
    expect(access).toEqual({ policy: 'api-key', keys: [record] });
    expect(lines.join('\n')).toContain(record.id);
    expect(lines.join('\n')).not.toContain(record.sha256);
    lines.length = 0;
    readAccessOf({ ...config, api_keys: [] }, createLogger({ fields: {}, sink: (l) => lines.push(l) }));
    expect(lines.join('\n')).toMatch(/nobody can read/);
  });
});
