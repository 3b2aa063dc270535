import { ConfigError } from '../../../../src/shared/errors.js';
import { configLeaves, defaultConfig, resolveConfig } from '../../../../src/node/config/index.js';

describe('liveness config', () => {
  test('defaults: a heartbeat per second, dead after 5 s; both documented and env-overridable', () => {
    expect(defaultConfig().liveness).toEqual({ heartbeat_interval_ms: 500, dead_after_ms: 3000 });
    const leaves = configLeaves().filter((l) => l.path[0] === 'liveness');
    expect(leaves.map((l) => l.envName)).toEqual([
      'BIGCHAINDB_LIVENESS_HEARTBEAT_INTERVAL_MS',
      'BIGCHAINDB_LIVENESS_DEAD_AFTER_MS',
    ]);
    for (const leaf of leaves) expect(leaf.description).not.toBe('');
    const c = resolveConfig({ env: { BIGCHAINDB_LIVENESS_DEAD_AFTER_MS: '8000' } });
    expect(c.liveness.dead_after_ms).toBe(8000);
  });

  test('dead_after_ms must leave room for a late heartbeat', () => {
    let problems: readonly string[] = [];
    try {
      resolveConfig({ file: { liveness: { heartbeat_interval_ms: 1000, dead_after_ms: 1500 } } });
    } catch (e) {
      if (e instanceof ConfigError) problems = e.problems;
    }
    expect(problems.join('\n')).toMatch(/liveness\.dead_after_ms.*at least twice/);
  });
});
