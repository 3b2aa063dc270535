/**
 * Who re-queues an invalid block's transactions: an exclusive claim with a lease.
 *
 * Claims are rows `blockId#generation` of `requeue_claims`, taken with
 * `insert(conflict: 'error')`, the one exclusive write on reqlite too (its conditional
 * update is not atomic: concurrent `branch` updates both "win", checked). A claim older than
 * the lease (its owner died mid-way) is taken over by inserting the next generation.
 */
import type { RDatum } from 'rethinkdb-ts';
import type { BlockDoc } from './rows.js';
import { checkWrite, type StoreContext } from './tables.js';

export interface ClaimDoc {
  id: string;
  block_id: string;
  by: string;
  at_ms: number;
}

export class RequeueClaims {
  constructor(private readonly c: StoreContext) {}

  async claim(blockId: string, claimer: string, leaseMs: number, nowMs = Date.now()): Promise<boolean> {
    if (await this.isDone(blockId)) return false;
    // No cap on generations: each turn either passes an existing row (finitely many) or inserts
    // one, so the walk ends; a cap would give up silently and leave the block never re-queued.
    for (let generation = 0; ;) {
      const id = `${blockId}#${generation}`;
      const doc = (await this.c.db.run(this.c.t.requeueClaims.get(id))) as ClaimDoc | null;
      if (doc !== null) {
        if (nowMs - doc.at_ms < leaseMs) return false; // a live claim of someone (or of mine)
        generation++; // stale: try to take over with the next generation
        continue;
      }
      const claim: ClaimDoc = { id, block_id: blockId, by: claimer, at_ms: nowMs };
      const result = checkWrite(
        await this.c.db.run(this.c.t.requeueClaims.insert(claim, { conflict: 'error' })),
        'claim',
      );
      if (result.inserted === 1) return true;
      // Another node inserted this generation first: read it again.
    }
  }

  /** Mark the block's transactions as re-queued (final), and the block as settled. */
  async markDone(blockId: string): Promise<void> {
    const query = this.c.t.bigchain
      .get(blockId)
      .replace((b: RDatum<BlockDoc | null>) => b.without('unsettled').merge({ requeue: { done: true } }));
    checkWrite(await this.c.db.run(query), 'requeue mark');
  }

  private async isDone(blockId: string): Promise<boolean> {
    const query = this.c.t.bigchain.get(blockId)('requeue')('done').default(false);
    return (await this.c.db.run(query)) === true;
  }
}
