/**
 * Changefeeds as async iterables. A hint only: consumers reconcile by query (see ChangeFeed).
 *
 * Feeds are opened on whole tables and filtered here: reqlite answers `filter().changes()`
 * with "TODO", and `changes({includeInitial: true})` never answers there, so neither is used.
 */
import type { RTable } from 'rethinkdb-ts';
import type { Block, Vote } from '../core/index.js';
import { FeedLostError } from './errors.js';
import type { BacklogRow, ChangeFeed } from './ledger-store.js';
import {
  backlogRowFromDoc,
  blockFromDoc,
  voteFromDoc,
  type BacklogDoc,
  type BlockDoc,
  type VoteDoc,
} from './rows.js';
import type { StoreContext } from './tables.js';

interface Change<D> {
  new_val?: D | null;
  old_val?: D | null;
}

/** Open feeds of one store, so `close()` of the store ends them all. */
export class FeedRegistry {
  private readonly open = new Set<ChangeFeed<unknown>>();

  constructor(private readonly c: StoreContext) {}

  backlog(assignee: string): Promise<ChangeFeed<BacklogRow>> {
    return this.feed<BacklogDoc, BacklogRow>(this.c.t.backlog, 'backlog', (ch) =>
      ch.new_val && ch.new_val.assignee === assignee ? backlogRowFromDoc(ch.new_val) : undefined,
    );
  }

  blocks(): Promise<ChangeFeed<Block>> {
    return this.feed<BlockDoc, Block>(this.c.t.bigchain, 'bigchain', (ch) =>
      ch.new_val && !ch.old_val ? blockFromDoc(ch.new_val) : undefined,
    );
  }

  votes(): Promise<ChangeFeed<Vote>> {
    return this.feed<VoteDoc, Vote>(this.c.t.votes, 'votes', (ch) =>
      ch.new_val && !ch.old_val ? voteFromDoc(ch.new_val) : undefined,
    );
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((f) => f.close()));
  }

  private async feed<D, T>(
    table: RTable<D>,
    name: string,
    pick: (ch: Change<D>) => T | undefined,
  ): Promise<ChangeFeed<T>> {
    let cursor;
    try {
      cursor = await this.c.db.cursor<Change<D>>(table.changes());
    } catch (e) {
      throw new FeedLostError(name, e);
    }
    const openCursor = cursor;
    let closed = false;
    const feed: ChangeFeed<T> = {
      close: async () => {
        if (closed) return;
        closed = true;
        this.open.delete(feed as ChangeFeed<unknown>);
        await openCursor.close().catch(() => undefined);
      },
      [Symbol.asyncIterator]: async function* () {
        try {
          for await (const change of openCursor as AsyncIterable<Change<D>>) {
            const value = pick(change);
            if (value !== undefined) yield value;
          }
        } catch (e) {
          if (!closed) throw new FeedLostError(name, e);
          return;
        }
        if (!closed) throw new FeedLostError(name);
      },
    };
    this.open.add(feed as ChangeFeed<unknown>);
    return feed;
  }
}
