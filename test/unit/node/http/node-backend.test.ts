import { healthReport } from '../../../../src/node/http/index.js';
import type { NodeHealth } from '../../../../src/node/runtime/index.js';

const stage = (
  name: string,
  over: Partial<NodeHealth['stages'][number]> = {},
): NodeHealth['stages'][number] => ({
  name,
  running: true,
  ticks: 3,
  lastTickAtMs: Date.now(),
  lastSuccessAtMs: Date.now(),
  lastError: null,
  feed: 'open',
  ...over,
});

const healthy: NodeHealth = {
  publicKey: 'PK',
  ok: true,
  stopping: false,
  database: { connected: true, engine: 'reqlite', latencyMs: 1, limitations: ['in memory'] },
  stages: [stage('block'), stage('vote')],
  liveness: { known: true, alive: ['PK', 'PK2'], dead: ['PK3'], checkedAtMs: 1 },
  membership: { epoch: 0, members: [{ operator: 'a', publicKey: 'PK' }], ignored: [], source: 'table' },
};

describe('healthReport', () => {
  it('reports the engine, its limitations and the pipelines', () => {
    expect(healthReport(healthy)).toMatchObject({
      healthy: true,
      problems: [],
      public_key: 'PK',
      engine: { name: 'reqlite', limitations: ['in memory'] },
      pipelines: [{ name: 'block' }, { name: 'vote' }],
      liveness: { alive: ['PK', 'PK2'], dead: ['PK3'] },
    });
  });

  it('a dead member is reported, and is not a problem of this node', () => {
    const report = healthReport(healthy);
    expect(report.healthy).toBe(true);
    expect(report.liveness).toMatchObject({ known: true, dead: ['PK3'] });
  });

  it('names every problem of an unhealthy node', () => {
    const report = healthReport({
      ...healthy,
      ok: false,
      database: { ...healthy.database, connected: false, problem: 'ECONNREFUSED' },
      stages: [stage('block', { running: false }), stage('vote', { lastError: 'boom' })],
    });
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual([
      'database unreachable (ECONNREFUSED)',
      'pipeline stage block is not running',
      'pipeline stage vote failed: boom',
    ]);
  });

  it('says something even when only liveness failed', () => {
    expect(healthReport({ ...healthy, ok: false }).problems).toEqual([
      'a pipeline stage has not run recently',
    ]);
  });
});
