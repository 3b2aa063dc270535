/** `LedgerFacts` for the core's validation, answered from the store by election. */
import type { Block, LedgerFacts, Transaction } from '../core/index.js';
import type { BlockQueries } from './block-queries.js';
import type { BlockStatusResolver } from './block-status.js';
import type { BlockStatus } from './ledger-store.js';

export class StoreFacts implements LedgerFacts {
  constructor(
    private readonly blocks: BlockQueries,
    private readonly status: BlockStatusResolver,
  ) {}

  async getCommittedTransaction(id: string): Promise<Transaction | null> {
    for (const block of await this.blocks.containing(id)) {
      if ((await this.status.statusOf(block)) !== 'valid') continue;
      const tx = block.block.transactions.find((t) => t.id === id);
      if (tx !== undefined) return tx;
    }
    return null;
  }

  async getValidBlockIdsWithTransaction(txId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const block of await this.blocks.containing(txId)) {
      if ((await this.status.statusOf(block)) === 'valid') ids.push(block.id);
    }
    return ids;
  }

  async getLiveBlockIdsWithTransaction(txId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const block of await this.blocks.containing(txId)) {
      if (isLive(await this.status.statusOf(block))) ids.push(block.id);
    }
    return ids;
  }

  async getSpenderIds(txId: string, outputIndex: number): Promise<string[]> {
    const ids = new Set<string>();
    for (const block of await this.blocks.spending(txId, outputIndex)) {
      if (!isLive(await this.status.statusOf(block))) continue;
      for (const id of spendersIn(block, txId, outputIndex)) ids.add(id);
    }
    return [...ids];
  }
}

const isLive = (s: BlockStatus): boolean => s === 'valid' || s === 'undecided';

/** Ids of the transactions in `block` that spend output (txId, outputIndex). */
export function spendersIn(block: Block, txId: string, outputIndex: number): string[] {
  return block.block.transactions
    .filter((tx) =>
      tx.inputs.some((i) => i.fulfills?.transaction_id === txId && i.fulfills.output_index === outputIndex),
    )
    .map((tx) => tx.id);
}
