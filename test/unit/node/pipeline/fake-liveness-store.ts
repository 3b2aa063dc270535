/**
 * A hand-written in-memory store for the liveness stages: backlog rows (with the store's
 * compare-and-set), heartbeats on a settable "database server" clock, and nothing else: exactly
 * the store roles of the heartbeat and stale stages and of ingest.
 */
import { MemoryLedgerFacts, type Transaction } from '../../../../src/node/core/index.js';
import type { IngestStore } from '../../../../src/node/pipeline/ingest.js';
import type { StaleStageStore } from '../../../../src/node/pipeline/stale-stage.js';
import type {
  BacklogRow,
  BacklogWriteOptions,
  HeartbeatSnapshot,
  HeartbeatStore,
} from '../../../../src/node/store/ledger-store.js';

export class FakeLivenessStore implements HeartbeatStore, StaleStageStore, IngestStore {
  readonly backlog = new Map<string, BacklogRow>();
  readonly beats = new Map<string, number>();
  readonly facts = new MemoryLedgerFacts();
  /** The database server's clock (independent of the nodes' clocks). */
  serverNowMs = 1_000_000;

  async writeHeartbeat(key: string): Promise<void> {
    this.beats.set(key, this.serverNowMs);
  }
  async readHeartbeats(): Promise<HeartbeatSnapshot> {
    return { serverNowMs: this.serverNowMs, beats: [...this.beats].map(([key, atMs]) => ({ key, atMs })) };
  }
  async deleteHeartbeat(key: string): Promise<void> {
    this.beats.delete(key);
  }

  async writeBacklog(tx: Transaction, assignee: string, options: BacklogWriteOptions = {}): Promise<boolean> {
    this.backlog.set(tx.id, { tx, assignee, assignmentTimestampMs: options.assignmentTimestampMs ?? 0 });
    return true;
  }
  async getTransactionStatus(txId: string): Promise<'backlog' | null> {
    return this.backlog.has(txId) ? 'backlog' : null;
  }
  async getBacklogAssignedTo(assignee: string, limit: number): Promise<BacklogRow[]> {
    return this.rows()
      .filter((r) => r.assignee === assignee)
      .slice(0, limit);
  }
  async getStaleBacklog(olderThanMs: number, limit: number): Promise<BacklogRow[]> {
    return this.rows()
      .filter((r) => r.assignmentTimestampMs < olderThanMs)
      .slice(0, limit);
  }
  async reassignBacklog(row: BacklogRow, newAssignee: string, nowMs: number): Promise<boolean> {
    const current = this.backlog.get(row.tx.id);
    if (current?.assignee !== row.assignee || current.assignmentTimestampMs !== row.assignmentTimestampMs)
      return false;
    this.backlog.set(row.tx.id, { ...current, assignee: newAssignee, assignmentTimestampMs: nowMs });
    return true;
  }

  /** Put a row directly (as another node's ingest would). */
  put(id: string, assignee: string, assignmentTimestampMs: number): void {
    this.backlog.set(id, { tx: { id } as Transaction, assignee, assignmentTimestampMs });
  }
  assigneeOf(id: string): string | undefined {
    return this.backlog.get(id)?.assignee;
  }

  private rows(): BacklogRow[] {
    return [...this.backlog.values()].sort((a, b) => a.assignmentTimestampMs - b.assignmentTimestampMs);
  }
}
