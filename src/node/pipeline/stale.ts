/** Which backlog rows move, and to whom (pure). */
import type { BacklogRow } from '../store/ledger-store.js';
import { otherAssigneeFor, type Random } from './members.js';
import { assignableMembers, type LiveSet } from './liveness.js';

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
  /** `dead`: its assignee is not alive (moved at once); `stale`: older than the delay. */
  why: 'dead' | 'stale';
}

export interface ReassignmentInput {
  /** Candidates: stale rows and rows of dead members (a row may appear twice). */
  rows: readonly BacklogRow[];
  members: readonly string[];
  /** The live set, or null when unknown (then only stale rows move, to any member). */
  live: LiveSet | null;
  self: string;
  nowMs: number;
  reassignDelaySec: number;
  random?: Random;
}

/**
 * A new assignee among the live members for each row whose assignee is dead, and for each
 * stale row (another member when one is alive; else it stays and is re-stamped). A row of a
 * member that is alive and within the delay never moves.
 */
export function planReassignments(input: ReassignmentInput): Reassignment[] {
  const dead = new Set(input.live?.dead ?? []);
  const targets = assignableMembers(input.members, input.live, input.self);
  const seen = new Set<string>();
  const plan: Reassignment[] = [];
  for (const row of input.rows) {
    if (seen.has(row.tx.id)) continue;
    seen.add(row.tx.id);
    const why = dead.has(row.assignee)
      ? 'dead'
      : isStale(row, input.nowMs, input.reassignDelaySec)
        ? 'stale'
        : null;
    if (why !== null)
      plan.push({ row, to: otherAssigneeFor(row.tx, targets, row.assignee, input.random), why });
  }
  return plan;
}

/** How often the stale stage looks for stale rows: a fraction of the delay, between 0.2 s and 5 s. */
export function staleCheckIntervalMs(reassignDelaySec: number): number {
  return Math.min(5_000, Math.max(200, (reassignDelaySec * 1000) / 4));
}
