/**
 * Posting load (I/O): at `rate` per second for `durationMs`, each post planned by the pure
 * LoadPlanner and sent to the next target of `targets()` (asked before each post: the live ones)
 * without waiting for earlier answers (at most `maxInFlight` in flight; a post over the cap is
 * skipped, not queued). A failed post is recorded, never thrown. Accepted posts are tracked
 * until VALID; `done` resolves once posting is over, every post answered and tracking finished.
 */
import { FedlabError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { LoadPlanner, type PlannedPost } from './planner.js';
import { postLoop, postOne, summarize } from './post.js';
import { StatusTracker } from './tracker.js';
import { httpTransport, type LoadTransport } from './transport.js';
import type { LoadHandle, LoadResult, LoadSpec, LoadTarget, PostedTx } from './types.js';

export interface LoadOptions {
  /** Clock of every recorded time (default Date.now). */
  now?: () => number;
  /** Aborting stops posting AND tracking; `done` still resolves. */
  signal?: AbortSignal;
  log?: Logger;
  /** Default: HTTP through NodeApi with `postTimeoutMs`. */
  transport?: LoadTransport;
  maxInFlight?: number;
  postTimeoutMs?: number;
  /** How long to keep tracking after the last post was answered (default 60 s, less if all VALID). */
  trackAfterMs?: number;
  trackIntervalMs?: number;
  /** Status requests in flight while tracking (default 8): more measures latency finer, loads the nodes more. */
  trackConcurrency?: number;
  /** Put in every CREATE's asset (default: the start time), so reruns of one seed differ. */
  nonce?: string;
}

export function startLoad(
  spec: LoadSpec,
  targets: () => LoadTarget[],
  options: LoadOptions = {},
): LoadHandle {
  checkSpec(spec);
  const stopPosting = new AbortController();
  const stopAll = new AbortController();
  const onAbort = (): void => {
    stopPosting.abort();
    stopAll.abort();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const done = runLoad(spec, targets, options, stopPosting.signal, stopAll.signal).finally(() =>
    options.signal?.removeEventListener('abort', onAbort),
  );
  return { done, stop: () => stopPosting.abort() };
}

async function runLoad(
  spec: LoadSpec,
  allTargets: () => LoadTarget[],
  options: LoadOptions,
  stopPosting: AbortSignal,
  stopAll: AbortSignal,
): Promise<LoadResult> {
  const now = options.now ?? Date.now;
  const startedAtMs = now();
  const transport = options.transport ?? httpTransport(options.postTimeoutMs ?? 5_000);
  const targets = (): LoadTarget[] =>
    allTargets().filter((t) => spec.operators === undefined || spec.operators.includes(t.operator));
  const planner = new LoadPlanner({
    seed: spec.seed,
    ...(spec.mix === undefined ? {} : { mix: spec.mix }),
    nonce: options.nonce ?? `load-${startedAtMs}`,
  });
  const tracker = new StatusTracker({
    transport,
    targets,
    now,
    onValid: (tx) => planner.onValid(tx.id),
    intervalMs: options.trackIntervalMs ?? 200,
    concurrency: options.trackConcurrency ?? 8,
    perRound: 200,
  });
  const posted: PostedTx[] = [];
  const post = async (p: PlannedPost, target: LoadTarget): Promise<void> => {
    const tx = await postOne(transport, p, target, spec.mode ?? 'async', now);
    posted.push(tx);
    if (!tx.accepted) {
      planner.onRejected(tx.id);
      options.log?.debug('load_post_failed', { txId: tx.id, operator: tx.operator, error: tx.error });
    } else if (spec.mode !== 'commit') tracker.add(tx, target);
    else {
      tx.validAtMs = tx.answeredAtMs; // a commit-mode 2xx answers once the tx is in a VALID block
      planner.onValid(tx.id);
    }
  };
  // The deadline is on the real clock: `now` may be a test's.
  let trackUntil = Number.POSITIVE_INFINITY;
  const finished = (): boolean =>
    Date.now() >= trackUntil || (trackUntil < Infinity && tracker.unsettled().length === 0);
  const tracking = tracker.run(finished, stopAll);
  const skipped = await postLoop(spec, targets, planner, post, stopPosting, options.maxInFlight ?? 64);
  trackUntil = Date.now() + (options.trackAfterMs ?? 60_000);
  await tracking;
  const result = summarize(spec, startedAtMs, now(), posted, skipped, tracker.unsettled().length);
  options.log?.info('load_done', { ...result, posted: result.posted.length, spec: undefined });
  return result;
}

/** Rejects a spec the loop cannot pace (the scenario schema should have caught it first). */
function checkSpec(spec: LoadSpec): void {
  const problems = [
    ...(Number.isFinite(spec.rate) && spec.rate > 0 ? [] : [`rate must be > 0, got ${spec.rate}`]),
    ...(Number.isFinite(spec.durationMs) && spec.durationMs >= 0
      ? []
      : [`durationMs must be >= 0, got ${spec.durationMs}`]),
    ...(Object.values(spec.mix ?? { create: 1 }).some((w) => (w ?? 0) > 0)
      ? []
      : ['mix must give some kind a weight > 0']),
  ];
  if (problems.length > 0)
    throw new FedlabError('LOAD_SPEC_INVALID', `load spec is invalid: ${problems.join('; ')}`, {
      details: { problems },
    });
}
