/**
 * Whether a stage is healthy (pure), and if not the sentence /health shows. Unhealthy: not
 * running, its last tick failed, no tick for STUCK_AFTER_MS, or flapping: failures in several
 * separate runs within the last minute, which a stage failing every other tick shows although
 * each success clears its lastError. One outage that is over (one run of failures) is not a
 * problem any more: the stage works.
 */
import type { StageHealth } from '../pipeline/stage.js';

/** A stage that has not ticked for this long (while running) counts as stuck. */
export const STUCK_AFTER_MS = 30_000;
/** Separate runs of failures within a minute from which a stage counts as failing repeatedly. */
export const FLAPPING_RUNS = 3;

export function stageProblem(s: StageHealth, nowMs: number): string | null {
  if (!s.running) return `pipeline stage ${s.name} is not running`;
  if (s.lastError !== null) return `pipeline stage ${s.name} failed: ${s.lastError}`;
  if (s.lastTickAtMs === null || nowMs - s.lastTickAtMs >= STUCK_AFTER_MS)
    return `pipeline stage ${s.name} has not run for ${STUCK_AFTER_MS / 1000} s`;
  const runs = s.failureRunsLastMinute ?? 0;
  if (runs >= FLAPPING_RUNS) {
    const last = s.lastFailure?.problem ?? 'unknown';
    return `pipeline stage ${s.name} fails repeatedly: ${s.failuresLastMinute ?? runs} failed ticks in ${runs} runs in the last minute (last: ${last})`;
  }
  return null;
}
