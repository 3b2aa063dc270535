/**
 * When the block stage writes a block (pure): as soon as `maxTxs` transactions wait, or once
 * the oldest waiting one has waited `maxWaitMs` ("up to N transactions, or what arrived within
 * T ms"). Waiting counts from the oldest row's assignment when that is earlier than when this
 * stage first saw it: rows that piled up while the stage was busy (a block write held up by a
 * primary changing over) have already waited, so they are packed at once instead of after
 * another T (seen: 1.6 s lost after every failover).
 */
export interface BatchState {
  /** Rows assigned to me right now (as many as were fetched, at most maxTxs). */
  waiting: number;
  /** When this stage first saw the current non-empty backlog, or null. */
  pendingSinceMs: number | null;
  nowMs: number;
  maxTxs: number;
  maxWaitMs: number;
  /** The earliest assignment time among the waiting rows (their ingesting node's clock), if known. */
  oldestAssignedAtMs?: number;
}

export type BatchDecision =
  { action: 'idle' } | { action: 'pack' } | { action: 'wait'; retryInMs: number; pendingSinceMs: number };

export function batchDecision(s: BatchState): BatchDecision {
  if (s.waiting === 0) return { action: 'idle' };
  if (s.waiting >= s.maxTxs) return { action: 'pack' };
  const since = s.pendingSinceMs ?? s.nowMs;
  // Never longer than T from first sight, whatever a (possibly skewed) assignment clock says.
  const waited = Math.max(s.nowMs - since, s.nowMs - (s.oldestAssignedAtMs ?? s.nowMs));
  if (waited >= s.maxWaitMs) return { action: 'pack' };
  return { action: 'wait', retryInMs: s.maxWaitMs - waited, pendingSinceMs: since };
}
