/** The read queries of the HTTP API: statuses, by-asset, outputs, text search. */
import { assetIdOf, type Block, type Transaction } from '../core/index.js';
import type { BacklogQueries } from './backlog-queries.js';
import type { BlockQueries } from './block-queries.js';
import type { BlockStatusResolver } from './block-status.js';
import type { StoreFacts } from './facts.js';
import type { AssetHit, MetadataHit, OutputRef, TxStatus, TxWithStatus } from './ledger-store.js';
import { compareBlocks, type AssetDoc, type MetadataDoc } from './rows.js';
import { IDX } from './schema.js';
import { searchPattern } from './search-text.js';
import type { StoreContext } from './tables.js';

const RANK: Record<TxStatus, number> = { valid: 3, undecided: 2, backlog: 1, invalid: 0 };

export class ApiQueries {
  constructor(
    private readonly c: StoreContext,
    private readonly blocks: BlockQueries,
    private readonly backlog: BacklogQueries,
    private readonly status: BlockStatusResolver,
    private readonly facts: StoreFacts,
  ) {}

  /**
   * valid > undecided > backlog > invalid (a tx can be in several blocks). INVALID only when it
   * is rejected for good: its INVALID blocks were all re-queued (the election stage writes the
   * backlog row BEFORE it marks the block) and it is neither in the backlog nor in another
   * block. Until then an INVALID block is temporary (the transaction comes back): `undecided`.
   * Read in that order (marks, backlog, blocks again), a re-queue in flight is never missed.
   */
  async transaction(txId: string): Promise<TxWithStatus | null> {
    const first = await this.inBlocks(txId);
    if (first.live !== null) return first.live;
    const comingBack = await this.anyNotRequeued(first.invalidBlockIds);
    const row = await this.backlog.get(txId);
    if (row !== null) return { tx: row.tx, status: 'backlog' };
    const again = await this.inBlocks(txId);
    if (again.live !== null) return again.live;
    const tx = again.tx ?? first.tx;
    if (tx === null) return null;
    const newlyInvalid = again.invalidBlockIds.some((id) => !first.invalidBlockIds.includes(id));
    return { tx, status: comingBack || newlyInvalid ? 'undecided' : 'invalid' };
  }

  /** The best live (valid, else undecided) copy of the transaction, and its INVALID blocks. */
  private async inBlocks(
    txId: string,
  ): Promise<{ live: TxWithStatus | null; invalidBlockIds: string[]; tx: Transaction | null }> {
    let live: TxWithStatus | null = null;
    let tx: Transaction | null = null;
    const invalidBlockIds: string[] = [];
    for (const block of await this.blocks.containing(txId)) {
      const entries: unknown = block.block.transactions;
      const copy = (Array.isArray(entries) ? (entries as unknown[]) : []).find(
        (t): t is Transaction => typeof t === 'object' && t !== null && (t as { id?: unknown }).id === txId,
      );
      if (copy === undefined) continue;
      tx ??= copy;
      const status = await this.status.statusOf(block);
      if (status === 'invalid') invalidBlockIds.push(block.id);
      else if (live === null || RANK[status] > RANK[live.status]) live = { tx: copy, status };
    }
    return { live, invalidBlockIds, tx };
  }

  private async anyNotRequeued(blockIds: readonly string[]): Promise<boolean> {
    for (const id of blockIds) if (!(await this.blocks.requeued(id))) return true;
    return false;
  }

  async byAsset(assetId: string, operation?: 'CREATE' | 'TRANSFER'): Promise<Transaction[]> {
    const found = new Map<string, Transaction>();
    for (const block of (await this.validBlocks(IDX.blockAsset, assetId)).sort(compareBlocks)) {
      for (const tx of block.block.transactions) {
        if (assetIdOf(tx) === assetId && (operation === undefined || tx.operation === operation))
          found.set(tx.id, tx);
      }
    }
    return [...found.values()];
  }

  async outputs(publicKey: string, spent?: boolean): Promise<OutputRef[]> {
    const refs: OutputRef[] = [];
    const seen = new Set<string>();
    for (const block of (await this.validBlocks(IDX.blockOutputKey, publicKey)).sort(compareBlocks)) {
      for (const tx of block.block.transactions) {
        for (const [index, output] of tx.outputs.entries()) {
          const key = `${tx.id}:${index}`;
          if (!output.public_keys.includes(publicKey) || seen.has(key)) continue;
          seen.add(key);
          if (spent !== undefined && (await this.facts.getSpenderIds(tx.id, index)).length > 0 !== spent)
            continue;
          refs.push({ transaction_id: tx.id, output_index: index });
        }
      }
    }
    return refs;
  }

  async searchAssets(text: string, limit: number): Promise<AssetHit[]> {
    const query = this.c.t.assets.filter((row) => row('text').match(searchPattern(text)));
    const docs = (await this.c.db.run(query)) as AssetDoc[];
    return this.keepCommitted(docs, limit, (d) => ({ id: d.id, data: d.data }));
  }

  async searchMetadata(text: string, limit: number): Promise<MetadataHit[]> {
    const query = this.c.t.metadata.filter((row) => row('text').match(searchPattern(text)));
    const docs = (await this.c.db.run(query)) as MetadataDoc[];
    return this.keepCommitted(docs, limit, (d) => ({ id: d.id, metadata: d.metadata }));
  }

  private async keepCommitted<D extends { id: string }, H>(
    docs: D[],
    limit: number,
    hit: (d: D) => H,
  ): Promise<H[]> {
    const hits: H[] = [];
    for (const doc of docs) {
      if (hits.length >= limit) break;
      if ((await this.facts.getCommittedTransaction(doc.id)) !== null) hits.push(hit(doc));
    }
    return hits;
  }

  private async validBlocks(index: string, key: unknown): Promise<Block[]> {
    const valid: Block[] = [];
    for (const block of await this.blocks.byIndex(index, key)) {
      if ((await this.status.statusOf(block)) === 'valid') valid.push(block);
    }
    return valid;
  }
}
