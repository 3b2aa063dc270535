// --repeat N: the spread of each scenario's recovery over its runs, not just the last green one.
import {
  recoveryDistribution,
  renderRecoveryDistribution,
} from '../../../../src/lab/scenario/distribution.js';
import type { ScenarioReport } from '../../../../src/lab/scenario/report-types.js';

const report = (scenario: string, status: ScenarioReport['status'], maxMs: number | null): ScenarioReport =>
  ({
    scenario,
    status,
    recovery: {
      windows: [],
      postedDuringFault: maxMs === null ? 0 : 10,
      maxLatencyDuringFaultMs: maxMs,
      notSeenValid: 0,
    },
  }) as unknown as ScenarioReport;

describe('recoveryDistribution', () => {
  test('min, median and max per scenario; failed runs count, skipped ones do not', () => {
    const rows = recoveryDistribution([
      report('partition', 'passed', 6_100),
      report('node-pause', 'passed', 5_000),
      report('partition', 'failed', 13_200),
      report('partition', 'passed', 7_000),
      report('partition', 'passed', 6_500),
      report('partition', 'skipped', null),
      report('backup-restore', 'passed', null),
    ]);
    expect(rows).toEqual([
      {
        scenario: 'partition',
        runs: 4,
        passed: 3,
        failed: 1,
        measured: 4,
        minMs: 6_100,
        medianMs: 6_750,
        maxMs: 13_200,
      },
      {
        scenario: 'node-pause',
        runs: 1,
        passed: 1,
        failed: 0,
        measured: 1,
        minMs: 5_000,
        medianMs: 5_000,
        maxMs: 5_000,
      },
      {
        scenario: 'backup-restore',
        runs: 1,
        passed: 1,
        failed: 0,
        measured: 0,
        minMs: null,
        medianMs: null,
        maxMs: null,
      },
    ]);
    const text = renderRecoveryDistribution(rows);
    expect(text).toMatch(/partition\s+4\s+3\s+6\.1 s\s+6\.8 s\s+13\.2 s/);
    expect(text).toMatch(/backup-restore\s+1\s+1\s+-\s+-\s+-/);
  });
});
