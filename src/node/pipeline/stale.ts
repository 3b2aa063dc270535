/** Stale backlog rows and their reassignment (pure). */
import type { BacklogRow } from '../store/ledger-store.js';
import { pickOtherAssignee, type Random } from './federation.js';

/** The assignment time before which a row is stale. */
export function staleCutoffMs(nowMs: number, reassignDelaySec: number): number {
  return nowMs - reassignDelaySec * 1000;
}

export function isStale(row: BacklogRow, nowMs: number, reassignDelaySec: number): boolean {
  return row.assignmentTimestampMs < staleCutoffMs(nowMs, reassignDelaySec);
}

export interface Reassignment {
  row: BacklogRow;
  to: string;
}

/** For each stale row, a new assignee among the other members. */
export function planReassignments(
  rows: readonly BacklogRow[],
  members: readonly string[],
  nowMs: number,
  reassignDelaySec: number,
  random?: Random,
): Reassignment[] {
  return rows
    .filter((row) => isStale(row, nowMs, reassignDelaySec))
    .map((row) => ({ row, to: pickOtherAssignee(members, row.assignee, random) }));
}

/** How often the stale stage looks: a fraction of the delay, between 0.2 s and 5 s. */
export function staleCheckIntervalMs(reassignDelaySec: number): number {
  return Math.min(5_000, Math.max(200, (reassignDelaySec * 1000) / 4));
}
