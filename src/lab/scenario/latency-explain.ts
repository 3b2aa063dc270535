/**
 * Why a transaction was slow, in one line (pure): its POST, each block that held it (creator,
 * when made, status) and each vote on it (voter, time, verdict), all relative to when it was
 * posted. Printed for the transactions a latency expectation found late, and kept in the report
 * for the slowest ones even when the expectation held.
 */
import type { PostedTx, TxTimeline } from './deps.js';

/** One slow transaction, as the report keeps it (times relative to its POST, in ms). */
export interface SlowTx {
  id: string;
  kind: string;
  /** The operator whose node it was posted to. */
  via: string;
  /** How long after the fault it was posted during began. */
  postedIntoFaultMs?: number;
  answeredAfterMs: number;
  validAfterMs: number | null;
  blocks: {
    id: string;
    creator: string;
    madeAfterMs: number;
    status: string;
    votes: { voter: string; afterMs: number; valid: boolean }[];
  }[];
  /** The one-line explanation. */
  line: string;
}

const secs = (ms: number): string => `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(1)} s`;

/** The fault a transaction was posted during, and how far into it. */
export interface FaultContext {
  action: string;
  operator: string;
  fromMs: number;
}

export function explainSlow(
  tx: PostedTx,
  timeline: TxTimeline | undefined,
  validAtMs: number | undefined,
  nameOf: (publicKey: string) => string,
  fault?: FaultContext,
): SlowTx {
  const rel = (ms: number) => ms - tx.postedAtMs;
  const blocks = (timeline?.blocks ?? []).map((b) => ({
    id: b.id,
    creator: nameOf(b.creator),
    madeAfterMs: rel(b.madeAtMs),
    status: b.status,
    votes: b.votes.map((v) => ({ voter: nameOf(v.voter), afterMs: rel(v.atMs), valid: v.valid })),
  }));
  const during = fault
    ? ` (posted ${((tx.postedAtMs - fault.fromMs) / 1000).toFixed(1)} s into ${fault.action} ${fault.operator})`
    : '';
  const parts = [
    `${tx.id.slice(0, 12)} (${tx.kind}) via ${tx.operator}${during}: answered ${secs(rel(tx.answeredAtMs))}`,
  ];
  if (blocks.length === 0) parts.push('in no block');
  for (const b of blocks) {
    const votes = b.votes.map((v) => `${v.voter} ${secs(v.afterMs)} ${v.valid ? 'valid' : 'invalid'}`);
    parts.push(
      `block ${b.id.slice(0, 10)} by ${b.creator} made ${secs(b.madeAfterMs)} [${b.status}]` +
        (votes.length > 0 ? `, votes ${votes.join(', ')}` : ', no votes'),
    );
  }
  parts.push(validAtMs === undefined ? 'never VALID' : `VALID ${secs(rel(validAtMs))}`);
  return {
    id: tx.id,
    kind: tx.kind,
    via: tx.operator,
    ...(fault ? { postedIntoFaultMs: tx.postedAtMs - fault.fromMs } : {}),
    answeredAfterMs: rel(tx.answeredAtMs),
    validAfterMs: validAtMs === undefined ? null : rel(validAtMs),
    blocks,
    line: parts.join('; '),
  };
}
