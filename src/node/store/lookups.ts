/**
 * Derived lookup tables, keyed by primary key: `tx_blocks` (transaction id -> ids of the blocks
 * holding it) and `spent_by` ("txid:index" -> ids of the blocks spending that output).
 *
 * Why, beside the secondary indexes of `bigchain`: these are the hot queries of validation
 * (every ingest, block and vote), and reqlite evaluates a secondary index by scanning every
 * document of the table (its getAll is O(table size)), while a primary-key `get` is O(1) on
 * both engines. They are written BEFORE the block, so they are supersets: an id whose block
 * write failed points to no block and readers skip it.
 */
import { r, type RDatum, type RTable } from 'rethinkdb-ts';
import type { Block } from '../core/index.js';
import type { LookupDoc } from './rows.js';
import type { KeyBatcher } from './key-batcher.js';
import { checkWrite, primaryKeyReader, type StoreContext } from './tables.js';

export function spendKey(txId: string, outputIndex: number): string {
  return `${txId}:${outputIndex}`;
}

/** The lookup keys a block adds to each table (pure). */
export function lookupKeysOf(block: Block): { txs: string[]; spends: string[] } {
  const txs = block.block.transactions.map((tx) => tx.id);
  const spends = block.block.transactions.flatMap((tx) =>
    tx.inputs.flatMap((i) =>
      i.fulfills ? [spendKey(i.fulfills.transaction_id, i.fulfills.output_index)] : [],
    ),
  );
  return { txs: [...new Set(txs)], spends: [...new Set(spends)] };
}

export class LookupQueries {
  private readonly txReader: KeyBatcher<LookupDoc>;
  private readonly spendReader: KeyBatcher<LookupDoc>;

  constructor(private readonly c: StoreContext) {
    this.txReader = primaryKeyReader(c, c.t.txBlocks);
    this.spendReader = primaryKeyReader(c, c.t.spentBy);
  }

  /** Add `block.id` to the lookup rows of its transactions and spent outputs (idempotent). */
  async record(block: Block): Promise<void> {
    const keys = lookupKeysOf(block);
    await this.add(this.c.t.txBlocks, keys.txs, block.id);
    await this.add(this.c.t.spentBy, keys.spends, block.id);
  }

  async blockIdsOfTx(txId: string): Promise<string[]> {
    return (await this.txReader.load(txId))?.block_ids ?? [];
  }

  async blockIdsSpending(txId: string, outputIndex: number): Promise<string[]> {
    return (await this.spendReader.load(spendKey(txId, outputIndex)))?.block_ids ?? [];
  }

  /**
   * New keys: insert `[blockId]` (duplicates are refused, not overwritten). Every key: set-insert
   * the id, atomically per row. reqlite has no conflict functions and cannot insert via replace,
   * hence two steps.
   */
  private async add(table: RTable<LookupDoc>, keys: string[], blockId: string): Promise<void> {
    if (keys.length === 0) return;
    const docs: LookupDoc[] = keys.map((id) => ({ id, block_ids: [blockId] }));
    checkWrite(await this.c.db.run(table.insert(docs, { conflict: 'error' })), 'lookup insert');
    const query = r
      .expr(keys)
      .forEach((key: RDatum<string>) =>
        table
          .get(key)
          .update((row: RDatum<LookupDoc | null>) => ({ block_ids: row('block_ids').setInsert(blockId) })),
      );
    checkWrite(await this.c.db.run(query), 'lookup update');
  }
}
