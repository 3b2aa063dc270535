import { verifyBallot } from './ballot.js';
import type { AdmissionRule, Ballot, Proposal } from './types.js';

export type Outcome = 'approved' | 'rejected' | 'pending';
export type IgnoredBallot = 'not_a_member' | 'bad_signature' | 'duplicate';

export interface Tally {
  outcome: Outcome;
  rule: AdmissionRule;
  electorate: number;
  approvals: string[];
  rejections: string[];
  /** Members who have not voted (yet). */
  silent: string[];
  ignored: { voter: string; reason: IgnoredBallot }[];
}

/**
 * Counts ballots of `members` on `proposal` under `rule`. majority: approved when more than half
 * approve, rejected once that can no longer happen; unanimous: approved when all approve,
 * rejected at the first no. Ballots of non-members, badly signed ones and a member's second
 * ballot are ignored (reported), so a record's outcome is the same whoever counts it.
 */
export function tallyBallots(
  rule: AdmissionRule,
  members: readonly string[],
  proposal: Proposal,
  ballots: readonly Ballot[],
): Tally {
  const electorate = new Set(members);
  const seen = new Set<string>();
  const tally: Tally = {
    outcome: 'pending',
    rule,
    electorate: electorate.size,
    approvals: [],
    rejections: [],
    silent: [],
    ignored: [],
  };
  for (const ballot of ballots) {
    const reason = !electorate.has(ballot.voter)
      ? 'not_a_member'
      : !verifyBallot(proposal, ballot)
        ? 'bad_signature'
        : seen.has(ballot.voter)
          ? 'duplicate'
          : null;
    if (reason !== null) {
      tally.ignored.push({ voter: String(ballot.voter), reason });
      continue;
    }
    seen.add(ballot.voter);
    (ballot.approve ? tally.approvals : tally.rejections).push(ballot.voter);
  }
  tally.silent = [...electorate].filter((m) => !seen.has(m));
  tally.outcome = decide(rule, electorate.size, tally.approvals.length, tally.rejections.length);
  return tally;
}

function decide(rule: AdmissionRule, n: number, yes: number, no: number): Outcome {
  if (rule === 'unanimous') return no > 0 ? 'rejected' : yes === n ? 'approved' : 'pending';
  if (yes > n / 2) return 'approved';
  return no >= n / 2 ? 'rejected' : 'pending';
}
