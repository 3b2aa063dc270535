/**
 * Ingest (POST /api/v1/transactions): validate, then write to the backlog assigned to one of
 * the LIVE members (`assigneeFor`: a TRANSFER by the output it spends, a CREATE at random) (ctx.liveness, refreshed by the heartbeat stage, so no query
 * per transaction): a member known to be down gets no new work. Invalid -> the core's
 * TransactionInvalidError, nothing written.
 * A transaction already waiting (backlog) or in an undecided block is not written again.
 * The accept phase (validate, status, write) has a deadline (accept-deadline.ts): a database that
 * cannot take the write is a DatabaseUnavailableError (503, Retry-After) within it.
 */
import { describeError } from '../../shared/errors.js';
import { TransactionInvalidError, validateTransaction, type Transaction } from '../core/index.js';
import type { AvailabilitySource } from '../store/availability.js';
import { isUnstorableContentError } from '../store/content-errors.js';
import { DatabaseUnavailableError } from '../store/errors.js';
import type { BacklogStore, FactsSource, LedgerQueries, TxStatus } from '../store/ledger-store.js';
import {
  AcceptDeadline,
  DEFAULT_ACCEPT_TIMEOUT_MS,
  lateAccept,
  refusedAccept,
  withDeadline,
} from './accept-deadline.js';
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

/** What ingest reads and writes (and, when the store can tell, its latest availability problem). */
export type IngestStore = Pick<BacklogStore, 'writeBacklog'> &
  Pick<LedgerQueries, 'getTransactionStatus'> &
  FactsSource &
  Partial<AvailabilitySource>;

export class Ingest {
  constructor(
    private readonly ctx: PipelineContext<IngestStore>,
    private readonly waiter: CommitWaiter,
    private readonly commitTimeoutMs: number,
    private readonly acceptTimeoutMs: number = DEFAULT_ACCEPT_TIMEOUT_MS,
  ) {}

  async submit(raw: unknown, mode: SubmitMode): Promise<SubmitResult> {
    // A commit takes its waiter's place before any work: over the cap it is refused at once.
    const release = mode === 'commit' ? this.waiter.admit() : undefined;
    try {
      const accepted = await this.acceptInTime(raw, mode);
      if (mode !== 'commit') return accepted;
      await this.waiter.waitValid(accepted.tx.id, this.commitTimeoutMs);
      return { tx: accepted.tx, status: 'valid' };
    } finally {
      release?.();
    }
  }

  private async acceptInTime(raw: unknown, mode: SubmitMode): Promise<SubmitResult> {
    const deadline = new AcceptDeadline(this.acceptTimeoutMs);
    const txId = txIdOf(raw);
    try {
      return await withDeadline(this.accept(raw, mode, deadline), this.acceptTimeoutMs, () =>
        lateAccept(txId, deadline, this.ctx.store.recentUnavailability?.(deadline.startedAtMs)),
      );
    } catch (e) {
      const answer = refusedAccept(txId, deadline, e);
      if (answer instanceof DatabaseUnavailableError)
        this.ctx.log.warn('tx_refused_db_unavailable', {
          txId,
          mode,
          ms: Math.round(deadline.elapsedMs()),
          ...answer.details,
        });
      throw answer;
    }
  }

  private async accept(raw: unknown, mode: SubmitMode, deadline: AcceptDeadline): Promise<SubmitResult> {
    const tx = await validateTransaction(raw, this.ctx.store.facts, this.ctx.policy);
    const existing = await this.ctx.store.getTransactionStatus(tx.id);
    // Posted again (a client retrying after a 503 or a lost answer): waiting already, nothing to write.
    if (existing === 'backlog' || existing === 'undecided') return { tx, status: existing };
    const assignee = assigneeFor(tx, this.ctx.liveness.assignable(), this.ctx.random);
    deadline.phase = 'writing';
    await this.ctx.store
      .writeBacklog(tx, assignee, {
        onConflict: 'replace',
        assignmentTimestampMs: this.ctx.now(),
        durability: mode === 'async' ? 'soft' : 'hard',
        retryBudgetMs: deadline.writeBudgetMs(),
      })
      .catch((e: unknown) => {
        throw unstorable(tx, e);
      });
    this.ctx.log.debug('tx_ingested', { txId: tx.id, assignee, mode });
    return { tx, status: 'backlog' };
  }
}

function txIdOf(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 64) : '(without id)';
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
