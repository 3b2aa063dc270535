/**
 * The steps of a committed change (issue 16): each runs once, in order, and is recorded in the
 * change's journal when done; the first failure says what was committed and what remains, and
 * the same command run again resumes after the last step done. Steps must be safe to run again
 * after a failure midway (compose up/down, replicas, keyrings and the roster all are).
 */
import { describeError } from '../../shared/errors.js';
import type { LabContext } from '../context.js';
import type { FederationPaths } from '../material/paths.js';
import { MembershipIncompleteError, MembershipUnfinishedError, type UnfinishedChange } from './errors.js';
import { clearJournal, writeJournal, type ChangeJournal } from './journal.js';

export interface FinishStep {
  /** Stable name in the journal. */
  key: string;
  /** What the progress shows and the error names. */
  title: string;
  run: (detail: (text: string) => void) => Promise<unknown>;
}

/** Pure: the change and what remains of it, for the errors. */
export function unfinished(journal: ChangeJournal, remaining: readonly string[]): UnfinishedChange {
  const { change, operator, epoch, members } = journal;
  return { change, operator, epoch, members, remaining };
}

export async function finishChange(
  ctx: Pick<LabContext, 'progress'>,
  paths: FederationPaths,
  journal: ChangeJournal,
  steps: readonly FinishStep[],
): Promise<void> {
  let j = journal;
  await writeJournal(paths, j);
  for (const s of steps) {
    if (j.done.includes(s.key)) {
      ctx.progress.note(`done before: ${s.title}`);
      continue;
    }
    try {
      await ctx.progress.step(s.title, s.run);
    } catch (error) {
      const remaining = steps.filter((t) => !j.done.includes(t.key)).map((t) => t.title);
      const problem = describeError(error).split('\n')[0] ?? String(error);
      throw new MembershipIncompleteError(unfinished(j, remaining), s.title, problem, error);
    }
    j = { ...j, done: [...j.done, s.key] };
    await writeJournal(paths, j);
  }
  await clearJournal(paths);
}

/**
 * Before a new change: a journal of THIS change (same kind and operator) is resumed by the
 * caller; any other unfinished change is refused.
 */
export function refuseOtherUnfinished(
  journal: ChangeJournal | undefined,
  change: string,
  operator: string,
): ChangeJournal | undefined {
  if (journal === undefined) return undefined;
  if (journal.change === change && journal.operator === operator) return journal;
  const remaining =
    journal.done.length === 0
      ? ['every step after the commit']
      : [`the steps after: ${journal.done.join(', ')}`];
  throw new MembershipUnfinishedError(unfinished(journal, remaining), `${change} ${operator}`);
}
