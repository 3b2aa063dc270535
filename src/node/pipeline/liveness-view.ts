/**
 * This node's current view of who is alive: the live set computed from the last heartbeat read
 * (the heartbeat stage refreshes it every interval), so ingest picks an assignee without a
 * query per transaction. A view older than `maxAgeMs` (the heartbeat stage cannot reach the
 * database) is unknown: new work then goes to any member and nobody's work is moved early.
 */
import type { HeartbeatSnapshot } from '../store/ledger-store.js';
import { assignableMembers, liveSetOf, type LiveSet } from './liveness.js';

export interface LivenessViewOptions {
  self: string;
  /** The federation right now (keyring plus self). */
  members: () => string[];
  /** A member whose last heartbeat is this old (server clock) is dead. */
  deadAfterMs: number;
  /** Forget the view when it was last refreshed this long ago (this node's clock). */
  maxAgeMs: number;
  /**
   * How long a view too old to judge deaths still guides where NEW work goes (default 3 x
   * maxAgeMs). A heartbeat read held up by a primary changing over (4-9 s seen on a busy host)
   * made liveness unknown, and new work then went to every member, dead ones too; the last view
   * is the better guess for that, while nobody's work is moved on it.
   */
  assignMaxAgeMs?: number;
  now: () => number;
}

/** What health reports: the live set as this node sees it (`known: false` when it cannot tell). */
export interface LivenessReport {
  known: boolean;
  alive: string[];
  dead: string[];
  /** When the view was last refreshed (this node's clock, epoch ms), or null if never. */
  checkedAtMs: number | null;
}

export type LivenessListener = (live: LiveSet, previous: LiveSet | null) => void;

export class LivenessView {
  private last: { live: LiveSet; atMs: number } | null = null;
  private readonly listeners = new Set<LivenessListener>();

  constructor(private readonly o: LivenessViewOptions) {}

  get deadAfterMs(): number {
    return this.o.deadAfterMs;
  }

  /** Take a fresh heartbeat read; listeners hear about it when the live set changed. */
  update(snapshot: HeartbeatSnapshot): { live: LiveSet; previous: LiveSet | null } {
    const previous = this.current();
    const live = liveSetOf(snapshot, this.o.members(), this.o.self, this.o.deadAfterMs);
    this.last = { live, atMs: this.o.now() };
    if (!sameLiveSet(previous, live)) for (const listener of this.listeners) listener(live, previous);
    return { live, previous };
  }

  /** The live set, or null while unknown (never read, or the last read is too old). */
  current(): LiveSet | null {
    if (this.last === null || this.o.now() - this.last.atMs > this.o.maxAgeMs) return null;
    return this.last.live;
  }

  /** Members new work may go to (see `assignableMembers`), by the last view while it is not too old. */
  assignable(): string[] {
    const limit = this.o.assignMaxAgeMs ?? 3 * this.o.maxAgeMs;
    const view = this.last !== null && this.o.now() - this.last.atMs <= limit ? this.last.live : null;
    return assignableMembers(this.o.members(), view, this.o.self);
  }

  onChange(listener: LivenessListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  report(): LivenessReport {
    const live = this.current();
    return {
      known: live !== null,
      alive: live ? [...live.alive] : [],
      dead: live ? [...live.dead] : [],
      checkedAtMs: this.last?.atMs ?? null,
    };
  }
}

function sameLiveSet(a: LiveSet | null, b: LiveSet): boolean {
  return a !== null && a.alive.join(',') === b.alive.join(',') && a.dead.join(',') === b.dead.join(',');
}
