/**
 * The `membership` table (issue 12): one row per epoch, primary key `epoch`, so two changes can
 * never both become epoch N (the second insert fails and must be proposed again on top of the
 * first). Rows are untrusted data: `resolveChain` (src/protocol/membership) decides which form
 * the chain; a row without valid ballots is ignored and reported, never followed.
 */
import { r } from 'rethinkdb-ts';
import { FedlabError } from '../../shared/errors.js';
import type { MembershipRecord } from '../../protocol/membership/index.js';
import type { DbConnection } from './db-connection.js';
import { checkWrite } from './tables.js';

export const MEMBERSHIP_TABLE = 'membership';

/** Another change became this epoch first. */
export class EpochTakenError extends FedlabError {
  constructor(epoch: number) {
    super(
      'MEMBERSHIP_EPOCH_TAKEN',
      `another membership change already became epoch ${epoch}; read the current membership and propose again on top of it`,
      { details: { epoch } },
    );
  }
}

export class MembershipQueries {
  constructor(
    private readonly db: DbConnection,
    private readonly dbName: string,
  ) {}

  private get table() {
    return r.db(this.dbName).table(MEMBERSHIP_TABLE);
  }

  /** Every row, as stored (unchecked). */
  async rows(): Promise<unknown[]> {
    return (await this.db.run(this.table.orderBy('epoch').coerceTo('array'))) as unknown as unknown[];
  }

  /** Inserts a record as its epoch's row; EpochTakenError when that epoch exists already. */
  async insert(record: MembershipRecord): Promise<void> {
    const result = await this.db.run(this.table.insert(record, { conflict: 'error', durability: 'hard' }));
    if (result.errors > 0 && /duplicate primary key/i.test(result.first_error ?? ''))
      throw new EpochTakenError(record.epoch);
    checkWrite(result, `membership epoch ${record.epoch}`);
  }
}
