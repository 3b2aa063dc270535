// Membership as data (issue 12): epochs decided by signed ballots; see types.ts.
export * from './types.js';
export { signBallot, verifyBallot, signPossession, verifyPossession, possessionStatement } from './ballot.js';
export { tallyBallots, type Tally, type Outcome, type IgnoredBallot } from './rule.js';
export { changeProblem, applyChange, sortMembers, membersNamedByKey } from './change.js';
export { recordId, genesisRecord, proposalFor, decideProposal, type Decision } from './record.js';
export {
  resolveChain,
  membersOfEpoch,
  type ChainRoot,
  type MembershipChain,
  type IgnoredRecord,
} from './chain.js';
export { membershipRecordSchema, proposalSchema, commitInputSchema } from './schema.js';
