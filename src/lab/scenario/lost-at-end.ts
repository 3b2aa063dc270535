import { describeError } from '../../shared/errors.js';
import type { ScenarioRun } from './run-state.js';

/**
 * The accepted transactions in no VALID block when the run ended, from the tables (an export,
 * recounted), never from node counters; undefined when the tables could not be read. No second
 * export when the run's last invariants check already read the tables after every load was over
 * and found each accepted transaction VALID (nothing lost).
 */
export async function lostAtEnd(run: ScenarioRun): Promise<Set<string> | undefined> {
  const posted = run.posted();
  const accepted = posted.filter((tx) => tx.accepted).length;
  if (accepted === 0) return new Set();
  const checked = run.invariants;
  const once = checked?.checks.find((c) => c.name === 'accepted-valid-once');
  if (checked && once?.ok && checked.counts.accepted === accepted) return new Set();
  try {
    return new Set(await run.services.lostTransactions(run.federation, posted));
  } catch (e) {
    run.lab.context.progress.note(
      `lost transactions not counted: the tables could not be read (${describeError(e)})`,
    );
    return undefined;
  }
}
