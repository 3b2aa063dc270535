/** Commit latency of a load (pure): from post to first seen VALID, for those seen VALID. */
import type { PostedTx } from './types.js';

export function commitLatencies(posted: readonly PostedTx[]): number[] {
  return posted
    .filter((p) => p.accepted && p.validAtMs !== undefined)
    .map((p) => (p.validAtMs as number) - p.postedAtMs);
}

/** The p-th percentile (0..100, nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}
