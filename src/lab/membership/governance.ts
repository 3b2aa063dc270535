import {
  proposalFor,
  type Ballot,
  type MembershipChange,
  type MembershipRecord,
  type Proposal,
  type Tally,
} from '../../protocol/membership/index.js';
import { describeError } from '../../shared/errors.js';
import type { LabContext } from '../context.js';
import { pinGenesisRoot, rootOfRecord } from '../material/genesis-pin.js';
import type { FederationPaths } from '../material/paths.js';
import type { MembershipCli, CommitAnswer } from './membership-cli.js';
import { MembershipUsageError } from './errors.js';
import { runnerOf } from './roster.js';
import type { GovernanceOptions, Roster, VoteLine } from './types.js';

export interface Decided {
  /** The epoch the proposal was made against. */
  current: MembershipRecord;
  /** Epoch 0 as the runner's node resolved it (the root to pin in configs). */
  genesis: MembershipRecord;
  proposal: Proposal;
  answer: CommitAnswer;
  votes: VoteLine[];
}

/**
 * The governance path every change takes: the current epoch (as a member's node reads it) ->
 * the proposal -> the new key's possession signature (admit, rotate-key) -> one signed ballot per
 * member, each in its own container -> commit in a member's container as the database admin
 * (the node decides under the epoch's rule and records the next epoch when approved; node users
 * may only read the membership table). `genesis` is epoch 0 as that member's node resolves it
 * from its own root: the lab pins it in configs that lack it (pin-genesis.ts).
 */
export async function decide(
  ctx: LabContext,
  cli: MembershipCli,
  roster: Roster,
  operator: string,
  changeFor: (current: MembershipRecord) => MembershipChange,
  options: GovernanceOptions & { possessionDir?: string },
): Promise<Decided> {
  const { progress } = ctx;
  const runner = runnerOf(roster, operator);
  const view = await progress.step(`read the current epoch (${runner.name})`, () => cli.show(runner));
  const current = view.record;
  const change = changeFor(current);
  let proposal = proposalFor(current, change);
  const dir = options.possessionDir;
  if (dir !== undefined) {
    const possession = await progress.step(`${change.operator} signs the possession of its key`, () =>
      cli.signPossession(change.operator, dir, proposal),
    );
    proposal = { ...proposal, change: { ...change, possession } };
  }
  const rejectBy = new Set(options.rejectBy ?? []);
  const cast = await progress.step(`${current.members.length} members sign ballots`, () =>
    Promise.allSettled(
      current.members.map((m) => {
        const spec = roster.operators.find((op) => op.name === m.operator);
        if (!spec) return Promise.reject(new Error(`member "${m.operator}" is not in the lab's roster`));
        return cli.ballot(spec, proposal, !rejectBy.has(m.operator));
      }),
    ),
  );
  const ballots: Ballot[] = cast.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const answer = await progress.step(`count the ballots (${current.rule}) and record the decision`, () =>
    cli.commit(runner, proposal, ballots, roster),
  );
  const problems = new Map(
    current.members.flatMap((m, i) => {
      const r = cast[i];
      return r?.status === 'rejected' ? [[m.operator, describeError(r.reason)] as const] : [];
    }),
  );
  const genesis = view.epochs[0] as MembershipRecord;
  return { current, genesis, proposal, answer, votes: voteLines(current, answer.tally, problems) };
}

/** Pure: `operator`'s key in the epoch (remove and rotate-key name the key that leaves). */
export function memberKey(current: MembershipRecord, operator: string): string {
  const member = current.members.find((m) => m.operator === operator);
  if (!member)
    throw new MembershipUsageError(
      `"${operator}" is not a member of epoch ${current.epoch} (its members: ${current.members.map((m) => m.operator).join(', ')}); see fedlab status`,
      { operator, epoch: current.epoch },
    );
  return member.publicKey;
}

/** Pure: who voted how, by operator, in the epoch's member order. */
export function voteLines(
  current: MembershipRecord,
  tally: Tally,
  problems: ReadonlyMap<string, string> = new Map(),
): VoteLine[] {
  return current.members.map((m) => {
    const vote = tally.approvals.includes(m.publicKey)
      ? 'yes'
      : tally.rejections.includes(m.publicKey)
        ? 'no'
        : 'none';
    const problem = problems.get(m.operator);
    return { operator: m.operator, publicKey: m.publicKey, vote, ...(problem ? { problem } : {}) };
  });
}

/** Pure: "alpha yes, beta no, gamma yes -> approved (majority 2 of 3)". */
export function describeVotes(votes: readonly VoteLine[], tally: Tally): string {
  const each = votes.map((v) => `${v.operator} ${v.vote}${v.problem ? ` (${v.problem})` : ''}`).join(', ');
  return `${each} -> ${tally.outcome} (${tally.rule}: ${tally.approvals.length} yes, ${tally.rejections.length} no of ${tally.electorate})`;
}

/**
 * After an approved change: every listed operator's config pins the federation's root (epoch 0
 * as the runner's node resolved it), unless it pins one already (issue 16, genesis-pin.ts).
 */
export async function pinRoot(
  paths: FederationPaths,
  operators: readonly { name: string }[],
  decided: Pick<Decided, 'genesis'>,
  notes: string[],
): Promise<void> {
  const files = operators.map((op) => paths.nodeConfig(op.name));
  const differing = await pinGenesisRoot(files, rootOfRecord(decided.genesis));
  if (differing.length > 0)
    notes.push(
      `these configs pin another membership root and were kept as they are: ${differing.join(', ')}`,
    );
}
