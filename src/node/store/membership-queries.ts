/**
 * The `membership` table (issues 12, 16): rows are untrusted data; `resolveChain`
 * (src/protocol/membership) decides from the reader's own root which form the chain. The primary
 * key is the record id, so several candidates for one epoch can coexist and a row without valid
 * ballots cannot hold an epoch's key against the approved record written later. A table made
 * before issue 16 is keyed by `epoch`: it still works (a second row at an epoch is
 * MEMBERSHIP_EPOCH_TAKEN, as before) until `bigchaindb init` migrates it
 * (membership-migrate.ts). Only the governance path writes it: node users may only read it on
 * real RethinkDB (accounts.ts); reqlite has no users and cannot enforce that.
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

/** The connected database user may not write the membership table (node users only read it). */
export class MembershipWriteForbiddenError extends FedlabError {
  constructor(cause: unknown) {
    super(
      'MEMBERSHIP_WRITE_FORBIDDEN',
      'this database user has no write permission on the membership table (node users may only read it, issue 16); ' +
        'membership changes are committed as the database admin: run `fedlab admit|remove|rotate-key`, ' +
        'or `bigchaindb membership commit` with BIGCHAINDB_DATABASE_USER=admin and its password',
      { cause },
    );
  }
}

const isPermissionError = (e: unknown): boolean =>
  e instanceof Error && (e.name === 'ReqlPermissionError' || /required `write` permission/.test(e.message));

export class MembershipQueries {
  constructor(
    private readonly db: DbConnection,
    private readonly dbName: string,
  ) {}

  private get table() {
    return r.db(this.dbName).table(MEMBERSHIP_TABLE);
  }

  /** Every row, as stored (unchecked; read whole: a handful of rows, no index needed). */
  async rows(): Promise<unknown[]> {
    return (await this.db.run(this.table.orderBy('epoch').coerceTo('array'))) as unknown as unknown[];
  }

  /**
   * Writes an approved record. A row with the same id already there (the same change, its ballots
   * missing or other ones) is replaced: the record written here was approved by the caller. On a
   * table still keyed by epoch, another record at the epoch is EpochTakenError.
   */
  async insert(record: MembershipRecord): Promise<void> {
    try {
      await this.insertAs(record);
    } catch (e) {
      throw isPermissionError(e) ? new MembershipWriteForbiddenError(e) : e;
    }
  }

  private async insertAs(record: MembershipRecord): Promise<void> {
    const result = await this.db.run(this.table.insert(record, { conflict: 'error', durability: 'hard' }));
    if (!(result.errors > 0 && /duplicate primary key/i.test(result.first_error ?? ''))) {
      checkWrite(result, `membership epoch ${record.epoch}`);
      return;
    }
    const same = this.table.filter({ id: record.id, epoch: record.epoch });
    if ((await this.db.run(same.count())) === 0) throw new EpochTakenError(record.epoch);
    checkWrite(
      await this.db.run(same.replace(record, { durability: 'hard' })),
      `membership epoch ${record.epoch} (replacing a row of the same id)`,
    );
  }

  /** Deletes the rows of this record id. */
  async withdraw(id: string): Promise<void> {
    checkWrite(
      await this.db.run(this.table.filter({ id }).delete({ durability: 'hard' })),
      `membership withdraw ${id}`,
    );
  }
}
