/** The `bigchain` table (blocks), with the `assets` and `metadata` rows written beside it. */
import type { RDatum } from 'rethinkdb-ts';
import type { Block } from '../core/index.js';
import { DatabaseMissingError } from './errors.js';
import { blockFromDoc, type AssetDoc, type BlockDoc, type MetadataDoc } from './rows.js';
import { IDX } from './schema.js';
import { searchTextOf } from './search-text.js';
import { BlockCache } from './block-cache.js';
import type { LookupQueries } from './lookups.js';
import type { KeyBatcher } from './key-batcher.js';
import { checkWrite, primaryKeyReader, type StoreContext } from './tables.js';

export class BlockQueries {
  private genesisId: string | undefined;
  private readonly cache = new BlockCache();
  private readonly reader: KeyBatcher<BlockDoc>;

  constructor(
    private readonly c: StoreContext,
    private readonly lookups: LookupQueries,
  ) {
    this.reader = primaryKeyReader(c, c.t.bigchain);
  }

  /**
   * Assets, metadata and lookups first (idempotent, keyed by tx id), then the block itself
   * (insert; a duplicate id is the same content, since the id is the block's hash).
   */
  async write(block: Block, extra: Partial<BlockDoc> = {}): Promise<void> {
    const assets: AssetDoc[] = [];
    const metadata: MetadataDoc[] = [];
    for (const tx of block.block.transactions) {
      if (tx.operation === 'CREATE')
        assets.push({ id: tx.id, data: tx.asset.data, text: searchTextOf(tx.asset.data) });
      if (tx.metadata !== null)
        metadata.push({ id: tx.id, metadata: tx.metadata, text: searchTextOf(tx.metadata) });
    }
    if (assets.length > 0)
      checkWrite(
        await this.c.db.run(this.c.t.assets.insert(assets, { conflict: 'replace' })),
        'assets insert',
      );
    if (metadata.length > 0) {
      checkWrite(
        await this.c.db.run(this.c.t.metadata.insert(metadata, { conflict: 'replace' })),
        'metadata insert',
      );
    }
    await this.lookups.record(block);
    // The genesis block needs no election; every other block starts unsettled.
    const doc: BlockDoc =
      extra.genesis === true ? { ...block, ...extra } : { ...block, unsettled: true, ...extra };
    checkWrite(await this.c.db.run(this.c.t.bigchain.insert(doc, { conflict: 'error' })), 'block insert');
  }

  async get(blockId: string): Promise<Block | null> {
    return (await this.getMany([blockId]))[0] ?? null;
  }

  /** Blocks by id (missing ids are skipped); immutable, so served from the cache when known. */
  async getMany(blockIds: readonly string[]): Promise<Block[]> {
    const found = new Map<string, Block>();
    for (const id of blockIds) {
      const cached = this.cache.get(id);
      if (cached !== undefined) found.set(id, cached);
    }
    const missing = [...new Set(blockIds.filter((id) => !found.has(id)))];
    if (missing.length > 0) {
      for (const doc of await this.reader.loadMany(missing)) {
        if (doc === null) continue;
        const block = blockFromDoc(doc);
        found.set(block.id, block);
        this.cache.set(block);
      }
    }
    return blockIds.map((id) => found.get(id)).filter((b): b is Block => b !== undefined);
  }

  /** The genesis block's id (written once by init; cached). */
  async genesis(): Promise<string> {
    if (this.genesisId !== undefined) return this.genesisId;
    const query = this.c.t.bigchain.filter((b: RDatum<BlockDoc>) => b('genesis').default(false).eq(true))(
      'id',
    );
    const ids = (await this.c.db.run(query)) as string[];
    const id = ids[0];
    if (id === undefined) throw new DatabaseMissingError(this.c.t.dbName);
    this.genesisId = id;
    return id;
  }

  /** Blocks that hold this transaction (through the `tx_blocks` lookup). */
  async containing(txId: string): Promise<Block[]> {
    return this.getMany(await this.lookups.blockIdsOfTx(txId));
  }

  /** Blocks that spend output (txId, outputIndex) (through the `spent_by` lookup). */
  async spending(txId: string, outputIndex: number): Promise<Block[]> {
    return this.getMany(await this.lookups.blockIdsSpending(txId, outputIndex));
  }

  async byIndex(index: string, key: unknown): Promise<Block[]> {
    const docs = (await this.c.db.run(this.c.t.bigchain.getAll(key, { index }))) as BlockDoc[];
    return distinct(docs.map(blockFromDoc));
  }

  /** Ids, timestamps and voters of every non-genesis block (one scan; voters only when asked). */
  async heads(withVoters = false): Promise<{ id: string; timestamp: number; voters?: unknown }[]> {
    const query = this.c.t.bigchain.pluck('id', 'genesis', {
      block: withVoters ? ['timestamp', 'voters'] : ['timestamp'],
    });
    const rows = (await this.c.db.run(query)) as {
      id: string;
      genesis?: boolean;
      block?: { timestamp?: unknown; voters?: unknown };
    }[];
    // A malformed row (no block, no timestamp) still gets its (invalid) votes: it sorts first.
    return rows
      .filter((h) => h.genesis !== true)
      .map((h) => ({
        id: h.id,
        timestamp: Number(h.block?.timestamp) || 0,
        ...(withVoters ? { voters: h.block?.voters } : {}),
      }));
  }

  /** Ids of blocks the election stage has not settled yet (index on the `unsettled` flag). */
  async unsettledIds(): Promise<string[]> {
    return (await this.c.db.run(
      this.c.t.bigchain.getAll(true, { index: IDX.blockUnsettled })('id'),
    )) as string[];
  }

  /** Remove the `unsettled` flag: nothing more for the election stage to do with this block. */
  async settle(blockId: string): Promise<void> {
    // `replace` + `without`, not `update({unsettled: r.literal()})`: reqlite leaves a ghost key
    // behind with r.literal(), which breaks later filters on that document.
    const query = this.c.t.bigchain
      .get(blockId)
      .replace((b: RDatum<BlockDoc | null>) => b.without('unsettled'));
    checkWrite(await this.c.db.run(query), 'block settle');
  }

  /** Whether the election stage has re-queued this (INVALID) block's transactions. */
  async requeued(blockId: string): Promise<boolean> {
    const query = this.c.t.bigchain.get(blockId)('requeue')('done').default(false);
    return (await this.c.db.run(query)) === true;
  }

  async count(): Promise<number> {
    return this.c.db.run(this.c.t.bigchain.count());
  }
}

function distinct(blocks: Block[]): Block[] {
  const seen = new Map<string, Block>();
  for (const b of blocks) seen.set(b.id, b);
  return [...seen.values()];
}
