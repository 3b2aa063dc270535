import { mkdtemp, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../../src/shared/errors.js';
import {
  ConfigMissingError,
  defaultConfig,
  loadConfig,
  locateConfigFile,
  readConfigFile,
  writeConfigFile,
} from '../../../../src/node/config/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedlab-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('locateConfigFile', () => {
  it('prefers -c, then $BIGCHAINDB_CONFIG_PATH, then ~/.bigchaindb', () => {
    expect(locateConfigFile('/a/b', { BIGCHAINDB_CONFIG_PATH: '/c/d' }, '/home/x')).toBe('/a/b');
    expect(locateConfigFile(undefined, { BIGCHAINDB_CONFIG_PATH: '/c/d' }, '/home/x')).toBe('/c/d');
    expect(locateConfigFile(undefined, {}, '/home/x')).toBe('/home/x/.bigchaindb');
  });
});

describe('config file I/O', () => {
  it('writes with mode 0600, atomically, and reads it back', async () => {
    const path = join(dir, '.bigchaindb');
    await writeFile(path, '{}', { mode: 0o644 });
    const config = { ...defaultConfig(), keyring: [] };
    await writeConfigFile(path, config);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readConfigFile(path)).toEqual(config);
    expect(await readdir(dir)).toEqual(['.bigchaindb']);
  });

  it('returns undefined for a missing file and a ConfigError for bad JSON', async () => {
    expect(await readConfigFile(join(dir, 'none'))).toBeUndefined();
    const bad = join(dir, 'bad');
    await writeFile(bad, '{nope');
    await expect(readConfigFile(bad)).rejects.toThrow(ConfigError);
    await expect(readConfigFile(bad)).rejects.toThrow(/\(root\): not valid JSON/);
  });

  it('loadConfig applies env over the file and can require the file', async () => {
    const path = join(dir, 'c.json');
    await expect(loadConfig({ configPath: path, env: {}, requireFile: true })).rejects.toThrow(
      ConfigMissingError,
    );
    await writeFile(path, JSON.stringify({ database: { host: 'file-host' } }));
    const loaded = await loadConfig({ configPath: path, env: { BIGCHAINDB_DATABASE_NAME: 'envdb' } });
    expect(loaded).toMatchObject({ path, exists: true });
    expect(loaded.config.database).toMatchObject({ host: 'file-host', name: 'envdb' });
  });
});
