/** The `backlog` table: transactions waiting for a block. */
import { r, type RDatum } from 'rethinkdb-ts';
import type { Transaction } from '../core/index.js';
import type { BacklogRow, BacklogWriteOptions } from './ledger-store.js';
import { backlogDoc, backlogRowFromDoc, type BacklogDoc } from './rows.js';
import { IDX } from './schema.js';
import type { KeyBatcher } from './key-batcher.js';
import { WRITE_RETRY } from './retry.js';
import { checkWrite, primaryKeyReader, type StoreContext } from './tables.js';

export class BacklogQueries {
  private readonly reader: KeyBatcher<BacklogDoc>;

  constructor(private readonly c: StoreContext) {
    this.reader = primaryKeyReader(c, c.t.backlog);
  }

  async write(tx: Transaction, assignee: string, options: BacklogWriteOptions = {}): Promise<boolean> {
    const doc = backlogDoc(tx, assignee, options.assignmentTimestampMs ?? Date.now());
    const conflict = (options.onConflict ?? 'replace') === 'replace' ? 'replace' : 'error';
    const policy =
      options.retryBudgetMs === undefined ? WRITE_RETRY : { ...WRITE_RETRY, budgetMs: options.retryBudgetMs };
    const result = checkWrite(
      await this.c.db.run(
        this.c.t.backlog.insert(doc, { conflict, durability: options.durability ?? 'hard' }),
        policy,
      ),
      'backlog insert',
    );
    return result.inserted + result.replaced + result.unchanged > 0;
  }

  async assignedTo(assignee: string, limit: number): Promise<BacklogRow[]> {
    const query = this.c.t.backlog
      .between([assignee, r.minval], [assignee, r.maxval], { index: IDX.backlogAssignee })
      .orderBy({ index: IDX.backlogAssignee })
      .limit(limit);
    const docs = (await this.c.db.run(query)) as BacklogDoc[];
    return docs.map(backlogRowFromDoc);
  }

  async stale(olderThanMs: number, limit: number): Promise<BacklogRow[]> {
    const query = this.c.t.backlog
      .between(r.minval, olderThanMs, { index: IDX.backlogTimestamp })
      .orderBy({ index: IDX.backlogTimestamp })
      .limit(limit);
    const docs = (await this.c.db.run(query)) as BacklogDoc[];
    return docs.map(backlogRowFromDoc);
  }

  async get(txId: string): Promise<BacklogRow | null> {
    const doc = await this.reader.load(txId);
    return doc === null ? null : backlogRowFromDoc(doc);
  }

  /** Compare-and-set on (assignee, timestamp): a single-document update is atomic. */
  async reassign(row: BacklogRow, newAssignee: string, nowMs: number): Promise<boolean> {
    const query = this.c.t.backlog
      .get(row.tx.id)
      .update((doc: RDatum<BacklogDoc | null>) =>
        r.branch(
          doc('assignee').eq(row.assignee).and(doc('assignment_timestamp').eq(row.assignmentTimestampMs)),
          { assignee: newAssignee, assignment_timestamp: nowMs },
          {},
        ),
      );
    const result = checkWrite(await this.c.db.run(query), 'backlog reassign');
    return result.replaced === 1;
  }

  async delete(txIds: readonly string[]): Promise<void> {
    if (txIds.length === 0) return;
    // forEach(get.delete) rather than getAll: reqlite's getAll scans the whole table.
    const query = r.expr([...txIds]).forEach((id: RDatum<string>) => this.c.t.backlog.get(id).delete());
    checkWrite(await this.c.db.run(query), 'backlog delete');
  }

  async count(): Promise<number> {
    return this.c.db.run(this.c.t.backlog.count());
  }
}
