/**
 * The `heartbeats` table: one row `{id: <node public key>, at: r.now()}` per node, rewritten
 * every heartbeat interval. `at` is the DATABASE SERVER's time, and readers compare it with the
 * server's `r.now()` read in the same query, so the nodes' own clocks never matter. (In a
 * cluster, `at` is the clock of the server the writer talks to: servers' clocks must agree to
 * well within dead_after_ms, which NTP, or sharing one host as fedlab does, gives.)
 */
import { r, type RDatum } from 'rethinkdb-ts';
import type { HeartbeatSnapshot } from './ledger-store.js';
import type { BackoffPolicy } from './retry.js';
import { checkWrite, type StoreContext } from './tables.js';

/** `heartbeats` row (`at` is a ReQL time). */
export interface HeartbeatDoc {
  id: string;
  at: Date;
}

/**
 * A heartbeat that waits out a long outage is useless (the next one replaces it), and its retries
 * would delay the stage past the interval: give up quickly; the stage's next tick tries again.
 */
const HEARTBEAT_RETRY: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 400, budgetMs: 1_000 };

export class HeartbeatQueries {
  constructor(private readonly c: StoreContext) {}

  async beat(key: string): Promise<void> {
    // Soft durability: a heartbeat lost in a crash is exactly what a crash should look like.
    // `at` is the ReQL term r.now(), evaluated by the server (it is stored as a time).
    const doc = { id: key, at: r.now() } as unknown as HeartbeatDoc;
    const query = this.c.t.heartbeats.insert(doc, { conflict: 'replace', durability: 'soft' });
    checkWrite(await this.c.db.run(query, HEARTBEAT_RETRY), 'heartbeat');
  }

  /** Every heartbeat and the server's now, in ONE query (so both come from the same clock). */
  async read(): Promise<HeartbeatSnapshot> {
    const query = r.expr({
      now: r.now().toEpochTime(),
      beats: this.c.t.heartbeats
        .map((row: RDatum<HeartbeatDoc>) => ({ key: row('id'), at: row('at').toEpochTime() }))
        .coerceTo('array'),
    });
    const raw = (await this.c.db.run(query, HEARTBEAT_RETRY)) as unknown as {
      now: number;
      beats: { key: string; at: number }[];
    };
    return {
      serverNowMs: Math.round(raw.now * 1000),
      beats: raw.beats.map((b) => ({ key: b.key, atMs: Math.round(b.at * 1000) })),
    };
  }

  async remove(key: string): Promise<void> {
    checkWrite(
      await this.c.db.run(this.c.t.heartbeats.get(key).delete(), HEARTBEAT_RETRY),
      'heartbeat delete',
    );
  }
}
