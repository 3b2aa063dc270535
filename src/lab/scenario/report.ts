import type { LoadResult, PostedTx, TxKind } from './deps.js';
import type { FaultWindow, LoadSummary, NodePosts, Percentiles, RecoveryReport } from './report-types.js';

/** Pure: nearest-rank percentiles of a list of numbers (null when empty). */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] as number };
}

/** How a refused POST is counted: its HTTP status, or "no answer". */
export const refusalKey = (tx: PostedTx): string =>
  tx.httpStatus === undefined ? 'no answer' : String(tx.httpStatus);

/** Pure: each node's POSTs, accepted, refused by status, and lost (`lost`: ids from the tables). */
export function postsByNode(
  posted: readonly PostedTx[],
  lost: ReadonlySet<string> | undefined,
): Record<string, NodePosts> {
  const byNode: Record<string, NodePosts> = {};
  for (const tx of posted) {
    const n = (byNode[tx.operator] ??= { posted: 0, accepted: 0, refused: {}, lost: lost ? 0 : null });
    n.posted += 1;
    if (!tx.accepted) n.refused[refusalKey(tx)] = (n.refused[refusalKey(tx)] ?? 0) + 1;
    else {
      n.accepted += 1;
      if (lost?.has(tx.id)) n.lost = (n.lost ?? 0) + 1;
    }
  }
  return byNode;
}

/**
 * Pure: what the loads posted, accepted and saw VALID, in all, by kind and by node; `lost`: the
 * accepted transactions the tables show in no VALID block at the end (undefined: not read).
 */
export function summarizeLoads(results: readonly LoadResult[], lost?: ReadonlySet<string>): LoadSummary {
  const posted = results.flatMap((r) => r.posted);
  const byKind: LoadSummary['byKind'] = {};
  for (const tx of posted) {
    const k = (byKind[tx.kind as TxKind] ??= { posted: 0, accepted: 0, rejected: 0 });
    k.posted += 1;
    if (tx.accepted) k.accepted += 1;
    else k.rejected += 1;
  }
  const accepted = posted.filter((tx) => tx.accepted);
  return {
    posted: posted.length,
    accepted: accepted.length,
    rejected: posted.length - accepted.length,
    validAfterMs: percentiles(
      accepted.flatMap((tx) => (tx.validAtMs === undefined ? [] : [tx.validAtMs - tx.postedAtMs])),
    ),
    byKind,
    byNode: postsByNode(posted, lost),
    lost: lost === undefined ? null : accepted.filter((tx) => lost.has(tx.id)).length,
  };
}

/** Pure: whether `operator` was under a fault at `atMs`. */
const underFault = (
  windows: readonly FaultWindow[],
  operator: string | undefined,
  atMs: number,
  endMs: number,
) =>
  windows.some(
    (w) =>
      (operator === undefined || w.operator === operator) && atMs >= w.fromMs && atMs <= (w.toMs ?? endMs),
  );

/**
 * Pure: the accepted transactions posted to a live node while some operator was under a fault,
 * and how long they took to be VALID (the recovery target: a minority down, VALID within 10 s).
 */
export function faultTimeTransactions(
  posted: readonly PostedTx[],
  windows: readonly FaultWindow[],
  endMs: number,
): PostedTx[] {
  return posted.filter(
    (tx) =>
      tx.accepted &&
      underFault(windows, undefined, tx.postedAtMs, endMs) &&
      !underFault(windows, tx.operator, tx.postedAtMs, endMs),
  );
}

/** When it became VALID: from the tables when known, else when the load first saw it. */
export const validTimeOf = (tx: PostedTx): number | undefined => tx.decidedAtMs ?? tx.validAtMs;

export function recoveryOf(
  posted: readonly PostedTx[],
  windows: readonly FaultWindow[],
  endMs: number,
): RecoveryReport {
  const during = faultTimeTransactions(posted, windows, endMs);
  const latencies = during.flatMap((tx) => {
    const at = validTimeOf(tx);
    return at === undefined ? [] : [at - tx.postedAtMs];
  });
  return {
    windows: windows.map((w) => ({ ...w })),
    postedDuringFault: during.length,
    maxLatencyDuringFaultMs: latencies.length === 0 ? null : Math.max(...latencies),
    notSeenValid: during.length - latencies.length,
  };
}
