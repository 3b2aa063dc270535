import { canonicalJson, sha3_256Hex } from '../../shared/crypto/index.js';
import { MembershipChangeError } from '../errors.js';
import { applyChange, changeProblem, sortMembers } from './change.js';
import { tallyBallots, type Tally } from './rule.js';
import type { AdmissionRule, Ballot, Member, MembershipChange, MembershipRecord, Proposal } from './types.js';

/** The id: sha3-256 over everything but the id and the ballots (ballots sign the proposal). */
export function recordId(record: Omit<MembershipRecord, 'id' | 'ballots'>): string {
  const { federation, epoch, previous, members, rule, change } = record;
  return sha3_256Hex(canonicalJson({ federation, epoch, previous, members, rule, change }));
}

/** Epoch 0: the members the federation started with (written by init, trusted like the genesis block). */
export function genesisRecord(
  federation: string,
  members: readonly Member[],
  rule: AdmissionRule,
): MembershipRecord {
  const body = { federation, epoch: 0, previous: null, members: sortMembers(members), rule, change: null };
  return { ...body, id: recordId(body), ballots: [] };
}

/** The proposal for a change on top of `current`: what every member's ballot signs. */
export function proposalFor(current: MembershipRecord, change: MembershipChange): Proposal {
  return { federation: current.federation, epoch: current.epoch + 1, previous: current.id, change };
}

export interface Decision {
  tally: Tally;
  /** The next epoch's record, when approved. */
  record?: MembershipRecord;
}

/**
 * Counts the ballots of `current`'s members under its rule; on approval, the next record. A change
 * that cannot apply (admitting a member twice, a key without proof of possession) is refused
 * before any ballot counts: MEMBERSHIP_CHANGE_INVALID.
 */
export function decideProposal(
  current: MembershipRecord,
  proposal: Proposal,
  ballots: readonly Ballot[],
): Decision {
  const problem =
    proposal.previous !== current.id || proposal.epoch !== current.epoch + 1
      ? `the proposal is for epoch ${proposal.epoch} after ${proposal.previous}, not after epoch ${current.epoch} (${current.id})`
      : changeProblem(current.members, proposal);
  if (problem !== null) throw new MembershipChangeError(problem);
  const voters = current.members.map((m) => m.publicKey);
  const tally = tallyBallots(current.rule, voters, proposal, ballots);
  if (tally.outcome !== 'approved') return { tally };
  const body = {
    federation: current.federation,
    epoch: proposal.epoch,
    previous: current.id,
    members: applyChange(current.members, proposal.change),
    rule: current.rule,
    change: proposal.change,
  };
  const counted = ballots.filter(
    (b) => tally.approvals.includes(b.voter) || tally.rejections.includes(b.voter),
  );
  return { tally, record: { ...body, id: recordId(body), ballots: counted } };
}
