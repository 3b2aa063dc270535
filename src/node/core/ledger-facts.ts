import type { BlockStatus } from '../../protocol/status.js';
import type { Transaction } from '../../protocol/types.js';

/**
 * What validation needs to know about the ledger. The store implements it over RethinkDB; tests
 * and benches use MemoryLedgerFacts. Block statuses are as elected (see electBlock).
 */
export interface LedgerFacts {
  /** The transaction with this id if it is in a VALID block, else null. */
  getCommittedTransaction(id: string): Promise<Transaction | null>;
  /** Ids of transactions in VALID or UNDECIDED blocks that spend output (txId, outputIndex). */
  getSpenderIds(txId: string, outputIndex: number): Promise<string[]>;
  /** Ids of the VALID blocks that hold a transaction with this id (duplicate detection). */
  getValidBlockIdsWithTransaction(txId: string): Promise<string[]>;
  /**
   * Ids of the VALID or UNDECIDED blocks that hold a transaction with this id: a voter judging
   * a block rejects a transaction that is in another such block (see validateTransaction).
   */
  getLiveBlockIdsWithTransaction(txId: string): Promise<string[]>;
}

export type { BlockStatus } from '../../protocol/status.js';

/** In-memory LedgerFacts: blocks added with their status; answers like the store would. */
export class MemoryLedgerFacts implements LedgerFacts {
  private readonly committed = new Map<string, Transaction>();
  private readonly validBlocksOf = new Map<string, string[]>();
  private readonly liveBlocksOf = new Map<string, string[]>();
  private readonly spenders = new Map<string, Set<string>>();

  addBlock(blockId: string, txs: readonly Transaction[], status: BlockStatus): void {
    if (status === 'invalid') return; // invalid blocks neither commit nor spend anything
    for (const tx of txs) {
      this.liveBlocksOf.set(tx.id, [...(this.liveBlocksOf.get(tx.id) ?? []), blockId]);
      if (status === 'valid') {
        this.committed.set(tx.id, tx);
        this.validBlocksOf.set(tx.id, [...(this.validBlocksOf.get(tx.id) ?? []), blockId]);
      }
      for (const input of tx.inputs) {
        if (input.fulfills === null) continue;
        const key = `${input.fulfills.transaction_id}:${input.fulfills.output_index}`;
        const set = this.spenders.get(key) ?? new Set<string>();
        set.add(tx.id);
        this.spenders.set(key, set);
      }
    }
  }

  getCommittedTransaction(id: string): Promise<Transaction | null> {
    return Promise.resolve(this.committed.get(id) ?? null);
  }

  getSpenderIds(txId: string, outputIndex: number): Promise<string[]> {
    return Promise.resolve([...(this.spenders.get(`${txId}:${outputIndex}`) ?? [])]);
  }

  getValidBlockIdsWithTransaction(txId: string): Promise<string[]> {
    return Promise.resolve([...(this.validBlocksOf.get(txId) ?? [])]);
  }

  getLiveBlockIdsWithTransaction(txId: string): Promise<string[]> {
    return Promise.resolve([...(this.liveBlocksOf.get(txId) ?? [])]);
  }
}
