/** Typed handles on the tables of one database, and the shared context of the query modules. */
import { r, type RDatum, type RTable, type WriteResult } from 'rethinkdb-ts';
import type { Logger } from '../../shared/log.js';
import type { DbConnection } from './db-connection.js';
import { StoreDataError } from './errors.js';
import { KeyBatcher } from './key-batcher.js';
import type { ClaimDoc } from './requeue-claims.js';
import type { HeartbeatDoc } from './heartbeat-queries.js';
import type { AssetDoc, BacklogDoc, BlockDoc, LookupDoc, MetadataDoc, VoteDoc } from './rows.js';

export class Tables {
  constructor(readonly dbName: string) {}
  get backlog(): RTable<BacklogDoc> {
    return r.db(this.dbName).table<BacklogDoc>('backlog');
  }
  get bigchain(): RTable<BlockDoc> {
    return r.db(this.dbName).table<BlockDoc>('bigchain');
  }
  get votes(): RTable<VoteDoc> {
    return r.db(this.dbName).table<VoteDoc>('votes');
  }
  get assets(): RTable<AssetDoc> {
    return r.db(this.dbName).table<AssetDoc>('assets');
  }
  get metadata(): RTable<MetadataDoc> {
    return r.db(this.dbName).table<MetadataDoc>('metadata');
  }
  get txBlocks(): RTable<LookupDoc> {
    return r.db(this.dbName).table<LookupDoc>('tx_blocks');
  }
  get spentBy(): RTable<LookupDoc> {
    return r.db(this.dbName).table<LookupDoc>('spent_by');
  }
  get requeueClaims(): RTable<ClaimDoc> {
    return r.db(this.dbName).table<ClaimDoc>('requeue_claims');
  }
  get heartbeats(): RTable<HeartbeatDoc> {
    return r.db(this.dbName).table<HeartbeatDoc>('heartbeats');
  }
}

/** What every query module needs. */
export interface StoreContext {
  db: DbConnection;
  t: Tables;
  log: Logger;
}

/** Whether a write result's error is only "Duplicate primary key" (an idempotent re-insert). */
export function onlyDuplicates(result: WriteResult): boolean {
  return result.errors > 0 && /Duplicate primary key/i.test(result.first_error ?? '');
}

/** Throw when a write reports errors other than duplicates. */
export function checkWrite(result: WriteResult, what: string): WriteResult {
  if (result.errors > 0 && !onlyDuplicates(result)) {
    throw new StoreDataError(`${what} failed: ${result.first_error ?? 'unknown error'}`, {
      errors: result.errors,
    });
  }
  return result;
}

/**
 * A batched primary-key reader for `table`: loads of one event-loop turn become one
 * `r.expr(keys).map(get)` query (not getAll: reqlite's getAll scans the whole table).
 */
export function primaryKeyReader<T>(c: StoreContext, table: RTable<T>): KeyBatcher<T> {
  return new KeyBatcher<T>(async (keys) => {
    const query = r.expr(keys).map((key: RDatum<string>) => table.get(key));
    return (await c.db.run(query)) as (T | null)[];
  });
}
