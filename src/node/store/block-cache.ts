/**
 * Blocks are immutable (the id is the hash of the signed body), so a block read once can be
 * served from memory. Without it, validating a block of N transactions re-reads that same
 * block N times (each transaction's "which blocks hold me" lookup), which swamps the server.
 */
import { LRUCache } from 'lru-cache';
import type { Block } from '../core/index.js';

export class BlockCache {
  private readonly entries: LRUCache<string, Block>;

  /** Bounded by the number of transactions held, not blocks (blocks vary from 1 to 1000s). */
  constructor(maxTransactions = 50_000) {
    this.entries = new LRUCache<string, Block>({
      maxSize: maxTransactions,
      // lru-cache refuses an entry larger than maxSize; capping the size keeps the newest block
      // even when it alone exceeds the budget (it then evicts every other one). Sizes must be >= 1.
      // A malformed block from the table (transactions not an array) counts as one.
      sizeCalculation: (block) => Math.min(maxTransactions, Math.max(1, transactionCount(block))),
    });
  }

  get(id: string): Block | undefined {
    return this.entries.get(id);
  }

  set(block: Block): void {
    // Same id, same content: no need to replace (nor to mark it recently used).
    if (!this.entries.has(block.id)) this.entries.set(block.id, block);
  }

  get size(): number {
    return this.entries.size;
  }
}

function transactionCount(block: Block): number {
  const txs: unknown = (block.block as Partial<Block['block']> | undefined)?.transactions;
  return Array.isArray(txs) ? txs.length : 1;
}
