import { formatMs } from '../../progress/progress.js';
import { availabilityDuringFaults, availabilityMiss, formatRefused } from '../availability.js';
import { ExpectationMissedError } from '../errors.js';
import type { Expectation } from '../expect-schema.js';
import type { ScenarioRun } from '../run-state.js';

type Of<K extends Expectation['kind']> = Extract<Expectation, { kind: K }>;

/**
 * During each single fault, every node under no fault accepted at least `minPercent` of the POSTs
 * it was sent once RethinkDB had elected new primaries (see ../availability.ts for what that means
 * exactly). Judged from what the finished loads saw; kept in the report (recovery.availability).
 */
export async function expectAvailability(
  run: ScenarioRun,
  e: Of<'availability'>,
  stepName: string,
): Promise<string> {
  const results = availabilityDuringFaults(run.posted(), run.windows, run.services.now(), e.settleMs);
  run.availability = results;
  if (results.length === 0)
    throw new ExpectationMissedError(
      stepName,
      'no POST was made to a node under no fault during a single fault, so there is nothing to measure; run a load across the fault',
    );
  const misses = results.flatMap((r) => availabilityMiss(r, e.minPercent) ?? []);
  if (misses.length > 0)
    throw new ExpectationMissedError(
      stepName,
      `below ${e.minPercent} % of POSTs accepted once new primaries were elected: ${misses.join('; ')}`,
      { misses: misses.length },
    );
  return results
    .map(
      (r) =>
        `${r.operator} ${r.percent ?? 'n/a'} % of ${r.posted} during ${r.fault} from ${formatMs(r.electedAfterMs ?? 0)} ` +
        `(${r.refusedBeforeElected} refused before; counted refusals: ${formatRefused(r.refused)})`,
    )
    .join('; ');
}
