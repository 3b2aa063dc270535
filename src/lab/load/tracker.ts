/**
 * Tracking accepted transactions until they are VALID: each round asks the node a transaction
 * was posted to (another live one when that node does not answer) for the statuses of those not
 * yet seen VALID, least recently asked first, a bounded number per round and in flight. A VALID
 * status is final, so each transaction is asked about until it is seen VALID once.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { LoadTarget, PostedTx } from './types.js';
import type { LoadTransport } from './transport.js';
import { mapLimit } from './map-limit.js';

export interface TrackerOptions {
  transport: LoadTransport;
  targets: () => LoadTarget[];
  now: () => number;
  onValid: (tx: PostedTx) => void;
  intervalMs: number;
  concurrency: number;
  /** At most this many status requests per round. */
  perRound: number;
}

interface Tracked {
  tx: PostedTx;
  target: LoadTarget;
  askedAt: number;
}

export class StatusTracker {
  private readonly tracked = new Map<string, Tracked>();
  private readonly seenValid = new Set<string>();

  constructor(private readonly o: TrackerOptions) {}

  add(tx: PostedTx, target: LoadTarget): void {
    this.tracked.set(tx.id, { tx, target, askedAt: 0 });
  }

  /** Accepted and not yet seen VALID, a settled double-spend loser (its rival VALID) not counted. */
  unsettled(): PostedTx[] {
    return [...this.tracked.values()]
      .map((t) => t.tx)
      .filter((tx) => tx.conflictsWith === undefined || !this.seenValid.has(tx.conflictsWith));
  }

  /** Rounds until `finished()` says so (checked between rounds) or the signal aborts. */
  async run(finished: () => boolean, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && !finished()) {
      await this.round();
      await delay(this.o.intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }

  async round(): Promise<void> {
    const due = [...this.tracked.values()]
      .filter((t) => t.tx.conflictsWith === undefined || !this.seenValid.has(t.tx.conflictsWith))
      .sort((a, b) => a.askedAt - b.askedAt)
      .slice(0, this.o.perRound);
    // A node that did not answer is not asked again this round: a paused one costs one timeout.
    const silent = new Set<string>();
    await mapLimit(due, this.o.concurrency, (t) => this.ask(t, silent));
  }

  private async ask(t: Tracked, silent: Set<string>): Promise<void> {
    t.askedAt = this.o.now();
    for (const target of this.candidates(t.target).filter((c) => !silent.has(c.operator))) {
      try {
        const status = await this.o.transport.status(target, t.tx.id);
        if (status === 'valid') this.valid(t, target);
        return;
      } catch {
        silent.add(target.operator); // no answer from this node: ask the next live one
      }
    }
  }

  private valid(t: Tracked, on: LoadTarget): void {
    if (!this.tracked.delete(t.tx.id)) return;
    t.tx.validAtMs = this.o.now();
    if (on.operator !== t.target.operator) t.tx.validSeenOn = on.operator;
    this.seenValid.add(t.tx.id);
    if (t.tx.conflictsWith !== undefined) this.tracked.delete(t.tx.conflictsWith);
    this.o.onValid(t.tx);
  }

  private candidates(first: LoadTarget): LoadTarget[] {
    return [first, ...this.o.targets().filter((t) => t.operator !== first.operator)];
  }
}
