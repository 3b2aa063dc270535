/**
 * Blocks are immutable (the id is the hash of the signed body), so a block read once can be
 * served from memory. Without it, validating a block of N transactions re-reads that same
 * block N times (each transaction's "which blocks hold me" lookup), which swamps the server.
 */
import type { Block } from '../core/index.js';

export class BlockCache {
  private readonly entries = new Map<string, Block>();
  private txCount = 0;

  /** Bounded by the number of transactions held, not blocks (blocks vary from 1 to 1000s). */
  constructor(private readonly maxTransactions = 50_000) {}

  get(id: string): Block | undefined {
    const block = this.entries.get(id);
    if (block !== undefined) {
      // Map keeps insertion order: re-insert to mark as recently used.
      this.entries.delete(id);
      this.entries.set(id, block);
    }
    return block;
  }

  set(block: Block): void {
    if (this.entries.has(block.id)) return;
    this.entries.set(block.id, block);
    this.txCount += block.block.transactions.length;
    for (const [id, old] of this.entries) {
      if (this.txCount <= this.maxTransactions || this.entries.size <= 1) break;
      this.entries.delete(id);
      this.txCount -= old.block.transactions.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
