import { notYet, ready } from '../../../shared/poll.js';
import { ScenarioStepError } from '../errors.js';
import type { Expectation } from '../expect-schema.js';
import type { ScenarioRun } from '../run-state.js';
import { within } from './expect-step.js';

/**
 * The operator votes on new blocks: a probe CREATE posted through another live node ends in a
 * VALID block carrying the operator's vote. With `blocks: all`, so does every VALID block
 * holding an accepted transaction of the finished loads (what it missed while it was away).
 */
export async function expectVotes(
  run: ScenarioRun,
  e: Extract<Expectation, { kind: 'votes' }>,
  stepName: string,
): Promise<string> {
  const voter = run.operators.find((op) => op.name === e.operator);
  if (!voter) throw new ScenarioStepError(stepName, `the federation has no operator "${e.operator}"`);
  const live = run.liveTargets();
  const via = live.find((t) => t.operator !== e.operator) ?? live[0];
  if (!via) throw new ScenarioStepError(stepName, 'no live node to post a probe through');
  const probe = await run.services.postProbe(via, { scenario: run.scenario.name, step: stepName });
  const loaded = run.posted().filter((tx) => tx.accepted && tx.conflictsWith === undefined);
  const ids = [probe, ...(e.blocks === 'all' ? loaded.map((tx) => tx.id) : [])];
  const blockOf = new Map<string, string[]>(); // tx -> its VALID blocks, once known
  const voted = new Set<string>();
  const blocks = await within(
    run,
    stepName,
    e.withinMs,
    `${e.operator} to vote on ${e.blocks === 'all' ? 'every block' : 'a new block'}`,
    async () => {
      for (const id of ids.filter((i) => !blockOf.has(i))) {
        const holding = await run.services.validBlocksHolding(via, id);
        if (holding.length > 0) blockOf.set(id, holding);
      }
      const missing = ids.filter((id) => !blockOf.has(id)).length;
      if (missing > 0) return notYet(`${missing} of ${ids.length} transactions in no VALID block yet`);
      const all = [...new Set([...blockOf.values()].flat())];
      for (const block of all.filter((b) => !voted.has(b)))
        if ((await run.services.votersOf(via, block)).includes(voter.publicKey)) voted.add(block);
      const unvoted = all.filter((b) => !voted.has(b));
      return unvoted.length === 0
        ? ready(all)
        : notYet(`${e.operator} has not voted on ${unvoted.length} of ${all.length} blocks`);
    },
  );
  return `${e.operator} voted on ${blocks.length} block${blocks.length === 1 ? '' : 's'} (probe ${probe.slice(0, 12)} via ${via.operator})`;
}
