/**
 * Submitting with a deadline: the API never waits forever on the runtime. A commit that is not
 * in a valid block in time is a 504 that says the transaction WAS accepted (it stays in the
 * backlog and will be decided); shutdown turns pending waits into 503.
 */
import { TimeoutError } from '../../shared/errors.js';
import type { ApiIngest, SubmitMode } from './api-types.js';
import { HttpError } from './http-error.js';

class CommitTimeoutError extends TimeoutError {
  constructor(txId: string, timeoutMs: number) {
    super(`transaction ${txId} to be in a valid block`, timeoutMs);
    this.message =
      `transaction ${txId} was accepted but is not in a valid block after ${timeoutMs} ms; ` +
      `poll GET /api/v1/statuses?transaction_id=${txId}`;
  }
}

function txIdOf(tx: Record<string, unknown>): string {
  return typeof tx.id === 'string' ? tx.id : '(without id)';
}

export async function submitWithDeadline(
  ingest: ApiIngest,
  tx: Record<string, unknown>,
  mode: SubmitMode,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), {
      once: true,
    });
  });
  const timer = setTimeout(() => {
    const txId = txIdOf(tx);
    controller.abort(
      mode === 'commit'
        ? new CommitTimeoutError(txId, timeoutMs)
        : new TimeoutError(`the node to accept transaction ${txId}`, timeoutMs),
    );
  }, timeoutMs);
  const onShutdown = (): void =>
    controller.abort(
      new HttpError(503, 'the node is shutting down; check the transaction status on another member'),
    );
  shutdown.addEventListener('abort', onShutdown, { once: true });
  try {
    const submitted = ingest.submit(tx, mode, controller.signal);
    submitted.catch(() => undefined); // the race below reports it; never an unhandled rejection
    aborted.catch(() => undefined);
    await Promise.race([submitted, aborted]);
  } finally {
    clearTimeout(timer);
    shutdown.removeEventListener('abort', onShutdown);
  }
}
