/**
 * Over repeated runs of the same scenarios (`fedlab scenario --repeat N`), how their recovery
 * spread (pure): per scenario, runs passed and the min / median / max of each run's slowest
 * transaction posted during a fault (from the tables, see report.ts), so a limit that holds only
 * on a lucky run shows as a wide spread instead of one green line.
 */
import { formatMs } from '../progress/progress.js';
import type { ScenarioReport } from './report-types.js';

export interface RecoveryDistribution {
  scenario: string;
  runs: number;
  passed: number;
  failed: number;
  /** Runs that measured a recovery (some transaction posted during a fault). */
  measured: number;
  minMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
}

export function recoveryDistribution(reports: readonly ScenarioReport[]): RecoveryDistribution[] {
  const byScenario = new Map<string, ScenarioReport[]>();
  for (const r of reports) {
    if (r.status === 'skipped') continue;
    byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);
  }
  return [...byScenario.entries()].map(([scenario, runs]) => {
    const values = runs
      .map((r) => r.recovery.maxLatencyDuringFaultMs)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    return {
      scenario,
      runs: runs.length,
      passed: runs.filter((r) => r.status === 'passed').length,
      failed: runs.filter((r) => r.status === 'failed').length,
      measured: values.length,
      minMs: values[0] ?? null,
      medianMs: median(values),
      maxMs: values.at(-1) ?? null,
    };
  });
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

const secs = (ms: number | null): string => (ms === null ? '-' : formatMs(ms));

export function renderRecoveryDistribution(rows: readonly RecoveryDistribution[]): string {
  const header = ['scenario', 'runs', 'passed', 'recovery min', 'median', 'max'];
  const body = rows.map((r) => [
    r.scenario,
    String(r.runs),
    String(r.passed),
    secs(r.minMs),
    secs(r.medianMs),
    secs(r.maxMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ');
  return [
    'recovery over repeated runs (slowest transaction posted to a live node during a fault, VALID by its deciding vote):',
    `  ${line(header)}`,
    ...body.map((row) => `  ${line(row)}`),
  ].join('\n');
}
