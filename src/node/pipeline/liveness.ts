/**
 * Who is alive (pure): a member is alive while its last heartbeat is younger than
 * `deadAfterMs`, both times taken on the database server's clock. Non-members' heartbeats are
 * ignored; a member with no heartbeat is dead; this node is alive to itself while it runs.
 */
import type { HeartbeatSnapshot } from '../store/ledger-store.js';

export interface LiveSet {
  /** Members whose heartbeat is fresh, plus self; sorted. */
  alive: string[];
  /** The other members; sorted. */
  dead: string[];
}

export function liveSetOf(
  snapshot: HeartbeatSnapshot,
  members: readonly string[],
  self: string,
  deadAfterMs: number,
): LiveSet {
  const lastBeat = new Map<string, number>();
  for (const { key, atMs } of snapshot.beats)
    lastBeat.set(key, Math.max(atMs, lastBeat.get(key) ?? -Infinity));
  const isAlive = (m: string): boolean => {
    if (m === self) return true;
    const at = lastBeat.get(m);
    return at !== undefined && snapshot.serverNowMs - at < deadAfterMs;
  };
  const sorted = [...new Set(members)].sort();
  return { alive: sorted.filter(isAlive), dead: sorted.filter((m) => !isAlive(m)) };
}

/**
 * Ms until the first live member (self aside) turns dead unless it beats again, or null when no
 * one else is alive: the heartbeat stage re-reads then, so a death is seen when it happens,
 * not up to an interval later.
 */
export function msUntilNextDeath(
  snapshot: HeartbeatSnapshot,
  live: LiveSet,
  self: string,
  deadAfterMs: number,
): number | null {
  const watched = new Set(live.alive.filter((m) => m !== self));
  let soonest: number | null = null;
  for (const { key, atMs } of snapshot.beats) {
    if (!watched.has(key)) continue;
    const left = Math.max(0, atMs + deadAfterMs - snapshot.serverNowMs);
    soonest = soonest === null ? left : Math.min(soonest, left);
  }
  return soonest;
}

/**
 * Whom new work may go to: the live members; every member while liveness is unknown (no
 * heartbeat read yet, or the last one is too old: behave as before liveness existed); self
 * when no one else is known alive.
 */
export function assignableMembers(members: readonly string[], live: LiveSet | null, self: string): string[] {
  if (live === null) return [...members];
  const alive = members.filter((m) => live.alive.includes(m));
  return alive.length > 0 ? alive : [self];
}

/**
 * The one live member that moves dead members' rows at once (the first of the live set, as
 * this node sees it). Every node could, and the store's compare-and-set would keep one winner
 * on RethinkDB; on reqlite that compare-and-set is not atomic, so fewer movers means fewer
 * double moves. When views differ for a moment, two movers are still safe.
 */
export function isDeadWorkMover(live: LiveSet, self: string): boolean {
  return live.alive[0] === self;
}
