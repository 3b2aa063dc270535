/**
 * When the block stage writes a block (pure): as soon as `maxTxs` transactions wait, or once
 * the oldest waiting one has waited `maxWaitMs` ("up to N transactions, or what arrived within
 * T ms").
 */
export interface BatchState {
  /** Rows assigned to me right now (as many as were fetched, at most maxTxs). */
  waiting: number;
  /** When this stage first saw the current non-empty backlog, or null. */
  pendingSinceMs: number | null;
  nowMs: number;
  maxTxs: number;
  maxWaitMs: number;
}

export type BatchDecision =
  { action: 'idle' } | { action: 'pack' } | { action: 'wait'; retryInMs: number; pendingSinceMs: number };

export function batchDecision(s: BatchState): BatchDecision {
  if (s.waiting === 0) return { action: 'idle' };
  if (s.waiting >= s.maxTxs) return { action: 'pack' };
  const since = s.pendingSinceMs ?? s.nowMs;
  const waited = s.nowMs - since;
  if (waited >= s.maxWaitMs) return { action: 'pack' };
  return { action: 'wait', retryInMs: s.maxWaitMs - waited, pendingSinceMs: since };
}
