/**
 * Waits for transactions to be in a VALID block (POST mode=commit). One polling loop serves
 * every waiter; it runs only while someone waits. At most `maxWaiters` commit submissions are
 * admitted at once (`admit`, from before validation until the wait ends); one more is refused at
 * once (CommitWaitersFullError, HTTP 503 with Retry-After) instead of piling up (issue 16).
 */
import { describeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { LedgerQueries, TxStatus } from '../store/ledger-store.js';
import { CommitTimeoutError, CommitWaitersFullError, NodeStoppedError } from './errors.js';

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
  deadlineMs: number;
  timeoutMs: number;
}

const POLL_MS = 100;
/** Commit submissions admitted at once by default. */
export const DEFAULT_MAX_COMMIT_WAITERS = 512;

export class CommitWaiter {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly lastStatus = new Map<string, TxStatus | null>();
  private loop: Promise<void> | undefined;
  private stopped = false;
  private admitted = 0;

  constructor(
    private readonly store: Pick<LedgerQueries, 'getTransactionStatus'>,
    private readonly log: Logger,
    private readonly maxWaiters = DEFAULT_MAX_COMMIT_WAITERS,
  ) {}

  /** Take one of the maxWaiters places, or throw CommitWaitersFullError; call the result once done. */
  admit(): () => void {
    if (this.admitted >= this.maxWaiters) throw new CommitWaitersFullError(this.maxWaiters);
    this.admitted++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.admitted--;
    };
  }

  /** Resolves once `txId` is in a VALID block; rejects with CommitTimeoutError after timeoutMs. */
  waitValid(txId: string, timeoutMs: number): Promise<void> {
    if (this.stopped) return Promise.reject(new NodeStoppedError(`waiting for ${txId}`));
    return new Promise<void>((resolve, reject) => {
      const list = this.waiting.get(txId) ?? [];
      list.push({ resolve, reject, deadlineMs: Date.now() + timeoutMs, timeoutMs });
      this.waiting.set(txId, list);
      this.loop ??= this.run().finally(() => {
        this.loop = undefined;
      });
    });
  }

  /** Reject every waiter; no new waits. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [txId, list] of this.waiting)
      for (const w of list) w.reject(new NodeStoppedError(`waiting for ${txId}`));
    this.waiting.clear();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.waiting.size > 0 && !this.stopped) {
      await Promise.all([...this.waiting.keys()].map((txId) => this.check(txId)));
      this.expire(Date.now());
      if (this.waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async check(txId: string): Promise<void> {
    try {
      const status = await this.store.getTransactionStatus(txId);
      this.lastStatus.set(txId, status);
      if (status !== 'valid') return;
      for (const w of this.waiting.get(txId) ?? []) w.resolve();
      this.forget(txId);
    } catch (e) {
      this.log.warn('commit_wait_check_failed', { txId, problem: describeError(e) });
    }
  }

  private expire(nowMs: number): void {
    for (const [txId, list] of this.waiting) {
      const late = list.filter((w) => w.deadlineMs <= nowMs);
      if (late.length === 0) continue;
      for (const w of late)
        w.reject(new CommitTimeoutError(txId, w.timeoutMs, this.lastStatus.get(txId) ?? null));
      const rest = list.filter((w) => w.deadlineMs > nowMs);
      if (rest.length > 0) this.waiting.set(txId, rest);
      else this.forget(txId);
    }
  }

  private forget(txId: string): void {
    this.waiting.delete(txId);
    this.lastStatus.delete(txId);
  }
}
