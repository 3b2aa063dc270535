// Membership changes of a running federation (issue 12): admit, remove, rotate-key.
export { admitOperator } from './admit.js';
export { removeOperator } from './remove.js';
export { rotateKey } from './rotate.js';
export { describeVotes } from './governance.js';
export { renderMembershipResult } from './render.js';
export { planAdmission, planRemoval, planRotation, type MembershipPlan } from './plan.js';
export { candidateSpec, rosterFromFederation, replicasFor } from './roster.js';
export type { AdmitOptions, GovernanceOptions, MembershipResult, Roster, VoteLine } from './types.js';
