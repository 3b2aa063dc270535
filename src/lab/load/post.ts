/** The posting side of the load: the paced loop, one post recorded, the result summed up. */
import { setTimeout as delay } from 'node:timers/promises';
import type { SubmitMode } from '../../protocol/index.js';
import { describeError } from '../../shared/errors.js';
import type { LoadPlanner, PlannedPost } from './planner.js';
import type { LoadTransport } from './transport.js';
import type { LoadResult, LoadSpec, LoadTarget, PostedTx } from './types.js';

/**
 * Slot k is due at start + k / rate; each due slot plans and launches its post(s) without
 * waiting for answers. Returns the number of slots skipped (cap reached, no live target) once
 * the duration is over (or the signal aborted) and every launched post was answered.
 */
export async function postLoop(
  spec: LoadSpec,
  targets: () => LoadTarget[],
  planner: LoadPlanner,
  post: (p: PlannedPost, target: LoadTarget) => Promise<void>,
  signal: AbortSignal,
  maxInFlight: number,
): Promise<number> {
  const start = performance.now();
  const intervalMs = 1000 / spec.rate;
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;
  for (let slot = 0; !signal.aborted; slot++) {
    const dueAt = slot * intervalMs;
    if (dueAt >= spec.durationMs) break;
    const waitMs = dueAt - (performance.now() - start);
    if (waitMs > 0) await delay(waitMs, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) break;
    const live = liveTargets(targets);
    if (live.length === 0 || inFlight.size >= maxInFlight) {
      skipped++;
      continue;
    }
    const byOperator = new Map(live.map((t) => [t.operator, t]));
    for (const p of planner.next(live.map((t) => t.operator))) {
      const launched = post(p, byOperator.get(p.operator) as LoadTarget).finally(() =>
        inFlight.delete(launched),
      );
      inFlight.add(launched);
    }
  }
  await Promise.all(inFlight);
  return skipped;
}

export async function postOne(
  transport: LoadTransport,
  p: PlannedPost,
  target: LoadTarget,
  mode: SubmitMode,
  now: () => number,
): Promise<PostedTx> {
  const tx: PostedTx = {
    id: p.tx.id,
    kind: p.kind,
    operator: target.operator,
    postedAtMs: now(),
    answeredAtMs: 0,
    accepted: false,
    spends: p.spends,
    ...(p.conflictsWith === undefined ? {} : { conflictsWith: p.conflictsWith }),
    ...(p.plannedKind === undefined ? {} : { plannedKind: p.plannedKind }),
  };
  try {
    const answer = await transport.post(target, p.tx, mode);
    tx.httpStatus = answer.httpStatus;
    tx.accepted = answer.httpStatus >= 200 && answer.httpStatus < 300;
    if (!tx.accepted) tx.error = `HTTP ${answer.httpStatus}: ${answer.message ?? ''}`;
  } catch (error) {
    tx.error = describeError(error);
  }
  tx.answeredAtMs = now();
  return tx;
}

export function summarize(
  spec: LoadSpec,
  startedAtMs: number,
  endedAtMs: number,
  posted: PostedTx[],
  skipped: number,
  notSeenValid: number,
): LoadResult {
  const accepted = posted.filter((p) => p.accepted).length;
  return {
    spec,
    startedAtMs,
    endedAtMs,
    // In the order posted (they were collected in the order answered).
    posted: [...posted].sort((a, b) => a.postedAtMs - b.postedAtMs),
    accepted,
    rejected: posted.length - accepted,
    skipped,
    notSeenValid,
  };
}

/** The runner's live targets; its failure counts as none live (a skipped slot), never a throw. */
function liveTargets(targets: () => LoadTarget[]): LoadTarget[] {
  try {
    return targets();
  } catch {
    return [];
  }
}
