/**
 * `expect: { epoch: N }` (issue 12): every live node follows membership epoch N, a new block
 * (a probe's) carries epoch N, and every block decided before the first membership step still
 * has the status it had then, recounted from the tables: history is not rewritten.
 */
import { notYet, ready } from '../../../shared/poll.js';
import { ExpectationMissedError, ScenarioStepError } from '../errors.js';
import type { Expectation } from '../expect-schema.js';
import type { ScenarioRun } from '../run-state.js';
import { within } from './expect-step.js';

export async function expectEpoch(
  run: ScenarioRun,
  e: Extract<Expectation, { kind: 'epoch' }>,
  stepName: string,
): Promise<string> {
  const live = run.liveTargets();
  const via = live[0];
  if (!via) throw new ScenarioStepError(stepName, 'no live node to ask');
  await within(run, stepName, e.withinMs, `every live node to follow epoch ${e.epoch}`, async () => {
    const epochs = await Promise.all(
      live.map(async (t) => [t.operator, await run.services.epochOf(t)] as const),
    );
    const behind = epochs.filter(([, epoch]) => epoch !== e.epoch);
    return behind.length === 0
      ? ready(true)
      : notYet(behind.map(([op, ep]) => `${op} at ${String(ep)}`).join(', '));
  });
  const probe = await run.services.postProbe(via, { scenario: run.scenario.name, step: stepName });
  const [block] = await within(run, stepName, e.withinMs, 'a new block to be VALID', async () => {
    const blocks = await run.services.validBlocksHolding(via, probe);
    return blocks.length > 0 ? ready(blocks) : notYet('the probe is in no VALID block yet');
  });
  const blockEpoch = await run.services.blockEpochOf(via, block!);
  if (blockEpoch !== e.epoch)
    throw new ExpectationMissedError(
      stepName,
      `the new block ${block!.slice(0, 12)} carries epoch ${blockEpoch}, not ${e.epoch}`,
    );
  const before = run.decidedBefore ?? new Map<string, 'valid' | 'invalid'>();
  const now = await run.services.decidedStatuses(run.federation);
  const changed = [...before].filter(([id, status]) => now.get(id) !== status);
  if (changed.length > 0)
    throw new ExpectationMissedError(
      stepName,
      `${changed.length} of ${before.size} blocks decided before the membership change have another status now: ${changed
        .slice(0, 3)
        .map(([id, was]) => `${id.slice(0, 12)} was ${was}, now ${now.get(id) ?? 'undecided'}`)
        .join(', ')}`,
    );
  return `${live.length} nodes at epoch ${e.epoch}; new block ${block!.slice(0, 12)} carries it; ${before.size} blocks decided before the change kept their status`;
}
