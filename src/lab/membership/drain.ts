/**
 * Before a departing key goes away (issue 16): a block is elected by the members of its own
 * epoch, so every undecided block that names the departing key (removed, or rotated out) still
 * needs a majority of that epoch. The lab keeps the departing node running, voting on those
 * blocks, until none is left undecided, and only then stops it or switches it to its new key.
 */
import { proposalFor, tallyBallots, type MembershipRecord } from '../../protocol/membership/index.js';
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import type { LabContext } from '../context.js';
import type { OperatorSpec } from '../federation/model.js';
import { MembershipAnswerError } from './errors.js';
import { voteLines, type Decided } from './governance.js';
import type { ChangeJournal } from './journal.js';
import type { MembershipCli, MembershipView } from './membership-cli.js';

/** Waits until `runner`'s node counts no undecided block naming `key` (`who` names it). */
export async function waitForDrain(
  ctx: Pick<LabContext, 'timeouts' | 'signal'>,
  cli: Pick<MembershipCli, 'pending'>,
  runner: OperatorSpec,
  departing: { who: string; key: string },
  names: ReadonlyMap<string, string>,
  detail: (text: string) => void,
): Promise<void> {
  await pollUntil(
    async () => {
      const pending = await cli.pending(runner, departing.key);
      if (pending.count === 0) return ready(undefined);
      const silent = [...new Set(pending.blocks.flatMap((b) => b.silent))].map(
        (k) => names.get(k) ?? `${k.slice(0, 8)}…`,
      );
      const text = `${pending.count} undecided block(s) name ${departing.who}; waiting for the votes of ${silent.join(', ') || 'nobody (being counted)'}`;
      detail(text);
      return notYet(text);
    },
    {
      what: `no undecided block to name ${departing.who}`,
      timeoutMs: ctx.timeouts.drainMs,
      intervalMs: 1_000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
}

/** Pure: operator names by public key, over every epoch of the chain (old keys included). */
export function namesByKey(epochs: readonly MembershipRecord[]): Map<string, string> {
  return new Map(epochs.flatMap((e) => e.members.map((m) => [m.publicKey, m.operator] as const)));
}

/**
 * Pure: the decision of a committed change, rebuilt from the chain (resuming it: its ballots are
 * in its record), so the result reads as it did when it was committed.
 */
export function decidedFromChain(view: MembershipView, journal: ChangeJournal): Decided {
  const record = view.epochs[journal.epoch];
  const current = view.epochs[journal.epoch - 1];
  if (!record || !current || record.id !== journal.recordId || !record.change)
    throw new MembershipAnswerError(
      'show',
      view.epochs.at(-1)?.members[0]?.operator ?? '?',
      `the committed epoch ${journal.epoch} (${journal.recordId}) is not in the chain; ` +
        'see fedlab status, and delete membership-change.json in the federation directory only if it was withdrawn',
    );
  const proposal = proposalFor(current, record.change);
  const keys = current.members.map((m) => m.publicKey);
  const tally = tallyBallots(current.rule, keys, proposal, record.ballots);
  const genesis = view.epochs[0] as MembershipRecord;
  return { current, genesis, proposal, answer: { tally, record }, votes: voteLines(current, tally) };
}
