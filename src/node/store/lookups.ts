/**
 * Derived lookup tables, read by primary key: `tx_blocks` (transaction id -> blocks holding it)
 * and `spent_by` ("txid:index" -> blocks spending that output).
 *
 * Why, beside the secondary indexes of `bigchain`: these are the hot queries of validation
 * (every ingest, block and vote), and reqlite evaluates a secondary index by scanning every
 * document of the table (its getAll is O(table size)), while a primary-key `get` is O(1) on
 * both engines.
 *
 * Layout: one row per (key, block) in numbered slots, `key#0`, `key#1`, ... each
 * `{id, block_id}`, filled in order. A slot is taken with `insert(conflict: 'error')`, the one
 * write that is exclusive on reqlite too: reqlite's update-with-function is NOT atomic (two
 * concurrent set-inserts into one array lose one of them, checked), and losing a spender here
 * would let a double spend through. Rows are written BEFORE the block, so they are supersets:
 * an id whose block write failed points to no block and readers skip it.
 */
import type { Block } from '../core/index.js';
import type { KeyBatcher } from './key-batcher.js';
import type { LookupDoc } from './rows.js';
import { checkWrite, primaryKeyReader, type StoreContext } from './tables.js';
import type { RTable } from 'rethinkdb-ts';

/**
 * Slots read per round trip when looking a key up: most keys have exactly one, so the first
 * page is small; each further page doubles, up to MAX_READ_SLOTS, so a key with many slots (an
 * output many invalid blocks tried to spend) costs few round trips. Every slot is read: there
 * is no limit on how many, since a missed spender would let a double spend through.
 */
const READ_SLOTS = 4;
const MAX_READ_SLOTS = 256;

export function spendKey(txId: string, outputIndex: number): string {
  return `${txId}:${outputIndex}`;
}

export function slotId(key: string, slot: number): string {
  return `${key}#${slot}`;
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

class SlotTable {
  private readonly reader: KeyBatcher<LookupDoc>;

  constructor(
    private readonly c: StoreContext,
    private readonly table: RTable<LookupDoc>,
  ) {
    this.reader = primaryKeyReader(c, table);
  }

  async blockIds(key: string): Promise<string[]> {
    const ids: string[] = [];
    await this.scan(key, 0, (doc) => void ids.push(doc.block_id));
    return ids;
  }

  /**
   * Read the slots of `key` from `from` on, in growing pages, until the first free one, whose
   * number it returns; `visit` sees each occupied slot in order and may stop the scan (true).
   */
  private async scan(
    key: string,
    from: number,
    visit: (doc: LookupDoc, slot: number) => boolean | void,
  ): Promise<number> {
    for (let base = from, size = READ_SLOTS; ; base += size, size = Math.min(2 * size, MAX_READ_SLOTS)) {
      const docs = await this.reader.loadMany(Array.from({ length: size }, (_, i) => slotId(key, base + i)));
      for (const [i, doc] of docs.entries()) {
        if (doc === null || visit(doc, base + i) === true) return base + i;
      }
    }
  }

  /** Record `blockId` under every key: slot 0 for all in one insert, then the rest one by one. */
  async add(keys: readonly string[], blockId: string): Promise<void> {
    if (keys.length === 0) return;
    const first = keys.map((key) => ({ id: slotId(key, 0), block_id: blockId }));
    checkWrite(await this.c.db.run(this.table.insert(first, { conflict: 'error' })), 'lookup insert');
    const slot0 = await this.reader.loadMany(keys.map((key) => slotId(key, 0)));
    const pending = keys.filter((_, i) => slot0[i]?.block_id !== blockId);
    await Promise.all(pending.map((key) => this.addOne(key, blockId)));
  }

  /** Take the first free slot after the occupied ones, unless the id is already there (no limit). */
  private async addOne(key: string, blockId: string): Promise<void> {
    for (let from = 1; ;) {
      let present = false;
      const free = await this.scan(key, from, (doc) => (present = doc.block_id === blockId));
      if (present) return;
      const result = await this.c.db.run(
        this.table.insert({ id: slotId(key, free), block_id: blockId }, { conflict: 'error' }),
      );
      checkWrite(result, 'lookup insert');
      if (result.inserted === 1) return;
      from = free; // someone took this slot between our read and our insert: look at it again
    }
  }
}

export class LookupQueries {
  private readonly txs: SlotTable;
  private readonly spends: SlotTable;

  constructor(c: StoreContext) {
    this.txs = new SlotTable(c, c.t.txBlocks);
    this.spends = new SlotTable(c, c.t.spentBy);
  }

  /** Record the block under its transactions and spent outputs (idempotent). */
  async record(block: Block): Promise<void> {
    const keys = lookupKeysOf(block);
    await Promise.all([this.txs.add(keys.txs, block.id), this.spends.add(keys.spends, block.id)]);
  }

  blockIdsOfTx(txId: string): Promise<string[]> {
    return this.txs.blockIds(txId);
  }

  blockIdsSpending(txId: string, outputIndex: number): Promise<string[]> {
    return this.spends.blockIds(spendKey(txId, outputIndex));
  }
}
