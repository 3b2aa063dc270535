import { FedlabError } from '../../shared/errors.js';

/** POST mode=commit: the transaction was not in a VALID block in time (HTTP 504). */
export class CommitTimeoutError extends FedlabError {
  constructor(txId: string, timeoutMs: number, lastStatus: string | null) {
    super(
      'COMMIT_TIMEOUT',
      `transaction ${txId} was not in a VALID block after ${timeoutMs} ms (last status: ${lastStatus ?? 'unknown'}); ` +
        'it may still be committed: poll GET /api/v1/statuses?transaction_id=' +
        txId,
      { details: { txId, timeoutMs, lastStatus } },
    );
  }
}

/** The node is stopping or stopped: it takes no new work. */
export class NodeStoppedError extends FedlabError {
  constructor(what: string) {
    super('NODE_STOPPED', `the node is stopping; ${what} was not done. Retry against a running node`, {
      details: { what },
    });
  }
}

/** POST mode=commit while the node already has as many commit waiters as it allows (HTTP 503). */
export class CommitWaitersFullError extends FedlabError {
  /** Seconds after which a retry is worth it (the HTTP Retry-After). */
  readonly retryAfterSec = 1;
  constructor(limit: number) {
    super(
      'COMMIT_WAITERS_FULL',
      `the node already has ${limit} POST ?mode=commit requests waiting for a VALID block; ` +
        'retry in a second, or post with mode=async and poll GET /api/v1/statuses',
      { details: { limit } },
    );
  }
}
