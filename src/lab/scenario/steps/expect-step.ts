import { isFedlabError } from '../../../shared/errors.js';
import { notYet, pollUntil, ready } from '../../../shared/poll.js';
import { formatMs } from '../../progress/progress.js';
import { formatDuration } from '../duration.js';
import { ExpectationMissedError } from '../errors.js';
import type { Expectation } from '../expect-schema.js';
import type { ScenarioRun } from '../run-state.js';
import { expectAllValid, expectInvariants, expectLatency } from './expect-ledger.js';
import { expectAvailability } from './expect-availability.js';
import { expectEpoch } from './expect-epoch.js';
import { expectVotes } from './expect-votes.js';

/** An expect step: checks until it holds or its time limit passes; a miss throws ExpectationMissedError. */
export function runExpect(run: ScenarioRun, e: Expectation, stepName: string): Promise<string> {
  switch (e.kind) {
    case 'all-valid':
      return expectAllValid(run, e, stepName);
    case 'latency':
      return expectLatency(run, e, stepName);
    case 'availability':
      return expectAvailability(run, e, stepName);
    case 'invariants':
      return expectInvariants(run, e, stepName);
    case 'votes':
      return expectVotes(run, e, stepName);
    case 'healthy':
      return expectHealthy(run, e.withinMs, stepName);
    case 'epoch':
      return expectEpoch(run, e, stepName);
  }
}

async function expectHealthy(run: ScenarioRun, withinMs: number, stepName: string): Promise<string> {
  const started = run.services.now();
  await within(run, stepName, withinMs, 'every operator healthy and every keyring agreeing', async () => {
    const status = await run.lab.status(run.federation);
    if (status.allHealthy && status.keyringsAgree) return ready(true);
    const sick = status.operators.filter((o) => o.health !== 'healthy');
    return notYet(
      sick.length > 0
        ? sick.map((o) => `${o.name} ${o.health}${o.problems[0] ? ` (${o.problems[0]})` : ''}`).join('; ')
        : 'keyrings disagree',
    );
  });
  return `healthy after ${formatMs(run.services.now() - started)}`;
}

/**
 * Polls `check` until it is done; past `withinMs` the step misses, naming what was last seen.
 * Errors other than a miss (a node not answering) count as "not yet".
 */
export async function within<T>(
  run: ScenarioRun,
  stepName: string,
  withinMs: number,
  what: string,
  check: Parameters<typeof pollUntil<T>>[0],
  intervalMs = 1_000,
): Promise<T> {
  try {
    return await pollUntil(check, {
      what,
      timeoutMs: withinMs,
      intervalMs,
      ...(run.signal ? { signal: run.signal } : {}),
      isFatal: (e) => isFedlabError(e) && e.code === 'NOT_BUILT',
    });
  } catch (error) {
    if (isFedlabError(error) && error.code === 'TIMEOUT') {
      const last =
        typeof error.details.lastProblem === 'string' ? `; last seen: ${error.details.lastProblem}` : '';
      throw new ExpectationMissedError(
        stepName,
        `expected ${what} within ${formatDuration(withinMs)}${last}`,
      );
    }
    throw error;
  }
}
