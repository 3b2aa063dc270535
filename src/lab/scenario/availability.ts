/**
 * Pure: how well the nodes that kept a majority answered POSTs during a single fault (issue 16;
 * `expect: availability`). While RethinkDB fails over the tables whose primary was on the faulty
 * operator's server, every node refuses writes (503 within a second): queries hang until the
 * cluster declares the server lost (about 1.5 heartbeat timeouts, 3-4 s at 2 s), then fail until a
 * new primary is elected (1-3 s under load). Once it has, a node under no fault should accept
 * (almost) every POST.
 *
 * "Once elected", concretely, per node and fault: refusals posted within `settleMs` of the fault's
 * start are taken as that failover; the node is elected at its first accepted POST after the last
 * of them (with none, at its first accepted POST after the fault began). Counted: what it was
 * posted from then until the action ending the fault (start, unpause, heal) began, or the run
 * ended; what that action sets off (a healed server takes its primaries back) is a second
 * transition, not judged here. Not merely "the first accepted POST after the fault": a POST
 * accepted in the instant before the cluster notices the loss (seen: 67 ms after a partition) would
 * put the whole failover into the count. POSTs posted while more than one operator was under a
 * fault are left out (not a single fault), and so are the faulty operator's own (its servers lost
 * the majority; the load does not post to it then anyway).
 */
import type { PostedTx } from './deps.js';
import { refusalKey } from './report.js';
import type { FaultWindow, NodeAvailability } from './report-types.js';

/** Under the fault itself: from its start until the action ending it began (or the run ended). */
const openAt = (w: FaultWindow, atMs: number, endMs: number): boolean =>
  atMs >= w.fromMs && atMs < (w.endsFromMs ?? w.toMs ?? endMs);

/** Default of `availability.settle`: RethinkDB's failover on this machine kind, with margin. */
export const DEFAULT_SETTLE_MS = 8_000;

export function availabilityDuringFaults(
  posted: readonly PostedTx[],
  windows: readonly FaultWindow[],
  endMs: number,
  settleMs: number = DEFAULT_SETTLE_MS,
): NodeAvailability[] {
  const single = (tx: PostedTx): boolean =>
    windows.filter((w) => openAt(w, tx.postedAtMs, endMs)).length === 1;
  const results: NodeAvailability[] = [];
  for (const w of windows) {
    const during = posted
      .filter((tx) => tx.operator !== w.operator && openAt(w, tx.postedAtMs, endMs) && single(tx))
      .sort((a, b) => a.postedAtMs - b.postedAtMs);
    const operators = [...new Set(during.map((tx) => tx.operator))].sort();
    for (const operator of operators)
      results.push(
        nodeDuring(
          operator,
          `${w.action} ${w.operator}`,
          w.fromMs,
          settleMs,
          during.filter((tx) => tx.operator === operator),
        ),
      );
  }
  return results;
}

function nodeDuring(
  operator: string,
  fault: string,
  fromMs: number,
  settleMs: number,
  posts: PostedTx[],
): NodeAvailability {
  let lastFailover = -1; // the last refusal posted within settleMs of the fault's start
  posts.forEach((tx, i) => {
    if (!tx.accepted && tx.postedAtMs < fromMs + settleMs) lastFailover = i;
  });
  const first = posts.findIndex((tx, i) => i > lastFailover && tx.accepted);
  const counted = first < 0 ? [] : posts.slice(first);
  const accepted = counted.filter((tx) => tx.accepted).length;
  const refused: Record<string, number> = {};
  for (const tx of counted) if (!tx.accepted) refused[refusalKey(tx)] = (refused[refusalKey(tx)] ?? 0) + 1;
  return {
    operator,
    fault,
    electedAfterMs: first < 0 ? null : (posts[first] as PostedTx).postedAtMs - fromMs,
    refusedBeforeElected: (first < 0 ? posts : posts.slice(0, first)).filter((tx) => !tx.accepted).length,
    posted: counted.length,
    accepted,
    percent: counted.length === 0 ? null : Math.round((accepted / counted.length) * 10_000) / 100,
    refused,
  };
}

/** Pure: why `r` misses `minPercent`, or null when it holds. */
export function availabilityMiss(r: NodeAvailability, minPercent: number): string | null {
  if (r.electedAfterMs === null)
    return `${r.operator} accepted no POST during ${r.fault} after its failover (${r.refusedBeforeElected} refused)`;
  if (r.percent !== null && r.percent < minPercent)
    return `${r.operator} accepted ${r.percent} % (${r.accepted} of ${r.posted}) during ${r.fault} once elected, ${r.electedAfterMs} ms after it began (refused: ${formatRefused(r.refused)})`;
  return null;
}

export const formatRefused = (refused: Record<string, number>): string =>
  Object.entries(refused)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([status, n]) => `${status} x${n}`)
    .join(', ') || 'none';
