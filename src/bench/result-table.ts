/** Pure: the closing side-by-side table of the node bench. */
import type { EngineOutcome } from './engine-run.js';

const HEADERS = ['engine', 'VALID tx/s', 'posted', 'valid', 'p50 commit ms', 'p99 commit ms', 'bring-up s'];

function cells(o: EngineOutcome): string[] {
  const r = o.result;
  const num = (v: number | undefined, digits: number): string =>
    v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits);
  return [
    o.engine,
    num(r?.validPerS, 1),
    num(r?.posted, 0),
    num(r?.valid, 0),
    num(r?.p50Ms, 0),
    num(r?.p99Ms, 0),
    num(o.bringUpMs === undefined ? undefined : o.bringUpMs / 1000, 1),
  ];
}

/** Aligned rows (engine left, numbers right), then one line per engine that did not complete. */
export function resultTable(outcomes: readonly EngineOutcome[]): string[] {
  const rows = outcomes.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const notes = outcomes
    .filter((o) => o.problem !== undefined)
    .map((o) => `${o.engine}: not complete: ${(o.problem ?? '').split('\n')[0] ?? ''}`);
  return [line(HEADERS), rule, ...rows.map(line), ...notes];
}
