/**
 * Ingest (POST /api/v1/transactions): validate, then write to the backlog assigned to one of
 * the LIVE members (`assigneeFor`: a TRANSFER by the output it spends, a CREATE at random) (ctx.liveness, refreshed by the heartbeat stage, so no query
 * per transaction): a member known to be down gets no new work. Invalid -> the core's
 * TransactionInvalidError, nothing written.
 * A transaction already waiting (backlog) or in an undecided block is not written again.
 */
import { describeError } from '../../shared/errors.js';
import { TransactionInvalidError, validateTransaction, type Transaction } from '../core/index.js';
import { isUnstorableContentError } from '../store/content-errors.js';
import type { BacklogStore, FactsSource, LedgerQueries, TxStatus } from '../store/ledger-store.js';
import type { CommitWaiter } from './commit-waiter.js';
import type { PipelineContext } from './context.js';
import { assigneeFor } from './members.js';

import type { SubmitMode } from '../../protocol/index.js';

export type { SubmitMode };

export interface SubmitResult {
  tx: Transaction;
  /** Status when the call returned: `valid` for commit mode, else usually `backlog`. */
  status: TxStatus;
}

/** What ingest reads and writes. */
export type IngestStore = Pick<BacklogStore, 'writeBacklog'> &
  Pick<LedgerQueries, 'getTransactionStatus'> &
  FactsSource;

export class Ingest {
  constructor(
    private readonly ctx: PipelineContext<IngestStore>,
    private readonly waiter: CommitWaiter,
    private readonly commitTimeoutMs: number,
  ) {}

  async submit(raw: unknown, mode: SubmitMode): Promise<SubmitResult> {
    // A commit takes its waiter's place before any work: over the cap it is refused at once.
    const release = mode === 'commit' ? this.waiter.admit() : undefined;
    try {
      return await this.accept(raw, mode);
    } finally {
      release?.();
    }
  }

  private async accept(raw: unknown, mode: SubmitMode): Promise<SubmitResult> {
    const tx = await validateTransaction(raw, this.ctx.store.facts, this.ctx.policy);
    const existing = await this.ctx.store.getTransactionStatus(tx.id);
    let status: TxStatus = existing ?? 'backlog';
    if (existing !== 'backlog' && existing !== 'undecided') {
      const assignee = assigneeFor(tx, this.ctx.liveness.assignable(), this.ctx.random);
      await this.ctx.store
        .writeBacklog(tx, assignee, {
          onConflict: 'replace',
          assignmentTimestampMs: this.ctx.now(),
          durability: mode === 'async' ? 'soft' : 'hard',
        })
        .catch((e: unknown) => {
          throw unstorable(tx, e);
        });
      status = 'backlog';
      this.ctx.log.debug('tx_ingested', { txId: tx.id, assignee, mode });
    }
    if (mode !== 'commit') return { tx, status };
    await this.waiter.waitValid(tx.id, this.commitTimeoutMs);
    return { tx, status: 'valid' };
  }
}

/**
 * A backlog write the database refused for its content is a 400 too (core/storable.ts should
 * have caught it: this is the backstop for what it does not know), never a 500.
 */
function unstorable(tx: Transaction, e: unknown): unknown {
  if (!isUnstorableContentError(e)) return e;
  return new TransactionInvalidError(
    'TX_UNSTORABLE',
    `transaction cannot be stored: the database refused it (${describeError(e).split('\n')[0] ?? ''})`,
    tx.id,
    { problem: describeError(e) },
  );
}
