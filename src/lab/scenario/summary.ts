import { formatMs } from '../progress/progress.js';
import { formatRefused } from './availability.js';
import type { Percentiles, ScenarioReport } from './report-types.js';

const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? 'n/a' : formatMs(value);
const spread = (p: Percentiles | null) =>
  p === null ? 'none seen VALID' : `VALID after p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, max ${ms(p.max)}`;

/** Pure: the readable summary of one scenario's report. */
export function renderScenarioReport(r: ScenarioReport): string {
  const head = `scenario ${r.scenario} on ${r.federation} (${r.engine}, seed ${r.seed}): ${r.status.toUpperCase()}`;
  if (r.status === 'skipped') return `${head}: ${r.skipped ?? ''}`;
  const lines = [`${head} in ${ms(r.durationMs)}`];
  const width = Math.max(...r.steps.map((s) => s.name.length), 4);
  for (const s of r.steps)
    lines.push(
      // A multi-line detail (a missed latency limit's slow transactions) is printed whole once, as the error.
      `  ${(s.ok ? 'ok' : 'FAILED').padEnd(6)} ${s.name.padEnd(width)} ${ms(s.durationMs).padStart(8)}  ${s.detail.split('\n')[0]}`,
    );
  const { load } = r;
  if (load.posted > 0) {
    lines.push(
      `load: ${load.posted} posted, ${load.accepted} accepted, ${load.rejected} rejected; ${spread(load.validAfterMs)}`,
    );
    const kinds = Object.entries(load.byKind).map(([k, v]) => `${k} ${v.accepted}/${v.posted}`);
    lines.push(`  accepted by kind: ${kinds.join(', ')}`);
    lines.push(...nodeLines(r));
  }
  for (const f of r.faults) lines.push(`fault at ${ms(f.atMs)}: ${f.summary}`);
  const rec = r.recovery;
  if (rec.windows.length > 0)
    lines.push(
      `recovery: ${rec.postedDuringFault} accepted transactions posted to live nodes during faults; ` +
        `slowest VALID after ${ms(rec.maxLatencyDuringFaultMs)}; ${rec.notSeenValid} not seen VALID by the load`,
    );
  for (const a of rec.availability ?? [])
    lines.push(
      `  availability during ${a.fault}: ${a.operator} ${a.percent ?? 'n/a'} % of ${a.posted} POSTs accepted from ` +
        `${a.electedAfterMs === null ? 'never (none accepted)' : `${ms(a.electedAfterMs)} after the fault`}` +
        ` (${a.refusedBeforeElected} refused before)`,
    );
  if (r.invariants)
    lines.push(
      `invariants: ${r.invariants.ok ? 'hold' : 'VIOLATED'} (${r.invariants.checks.map((c) => `${c.name} ${c.ok ? 'ok' : 'FAILED'}`).join(', ')})`,
    );
  if (r.error) lines.push(`error: ${r.error}`);
  if (r.dir)
    lines.push(
      `report: ${r.dir}/report.json${r.bundle ? ` (failure bundle: logs, files, tables in ${r.bundle})` : ''}`,
    );
  return lines.join('\n');
}

/** Per node: POSTs accepted, refused by HTTP status, and lost (from the tables). */
function nodeLines(r: ScenarioReport): string[] {
  const lost = r.load.lost === null ? 'lost not counted (tables not read)' : `${r.load.lost} lost`;
  return [
    `  by node (${lost}; lost = accepted but in no VALID block at the end, from the tables):`,
    ...Object.entries(r.load.byNode)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(
        ([op, n]) =>
          `    ${op}: ${n.accepted}/${n.posted} accepted, refused ${formatRefused(n.refused)}, ` +
          `${n.lost === null ? 'lost n/a' : `${n.lost} lost`}`,
      ),
  ];
}

/** Pure: one line per scenario, for `fedlab scenario all`. */
export function renderScenarioTotals(reports: readonly ScenarioReport[]): string {
  const count = (status: string) => reports.filter((r) => r.status === status).length;
  const lines = reports.map(
    (r) =>
      `  ${r.status.toUpperCase().padEnd(7)} ${r.scenario.padEnd(22)} ${r.status === 'skipped' ? (r.skipped ?? '') : ms(r.durationMs)}`,
  );
  return [
    `scenarios: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`,
    ...lines,
  ].join('\n');
}
