/**
 * Membership as data (issue 12): the federation's members per epoch, each epoch decided by signed
 * ballots of the previous epoch's members under the governance rule. Epoch 0 is the bootstrap
 * (the members `init` was given, trusted as the genesis block is). Blocks carry the epoch they
 * were made in and are judged against that epoch's members, so a decided block never changes
 * status when membership changes later.
 */
export const ADMISSION_RULES = ['majority', 'unanimous'] as const;
export type AdmissionRule = (typeof ADMISSION_RULES)[number];

export const CHANGE_KINDS = ['admit', 'remove', 'rotate-key'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Member {
  operator: string;
  publicKey: string;
}

/** What a candidate (admit) or a rotating operator publishes: public facts only. */
export interface CandidateBundle {
  operator: string;
  publicKey: string;
  rethinkdbHost?: string;
  nodeHost?: string;
}

export interface MembershipChange {
  kind: ChangeKind;
  operator: string;
  /** admit: the candidate's key; rotate-key: the new key; remove: absent. */
  publicKey?: string;
  /** rotate-key and remove: the key that leaves. */
  previousKey?: string;
  bundle?: CandidateBundle;
  /**
   * admit and rotate-key: the new key's signature over the proposal's possession statement
   * (it proves the candidate holds the private key it names).
   */
  possession?: string;
}

/** What ballots sign: the change, bound to one federation, one epoch and the record before it. */
export interface Proposal {
  federation: string;
  /** The epoch this change would start. */
  epoch: number;
  /** Id of the record of epoch - 1. */
  previous: string;
  change: MembershipChange;
}

export interface Ballot {
  voter: string;
  approve: boolean;
  /** Ed25519 (base58) over the canonical JSON of { proposal, approve }. */
  signature: string;
}

export interface MembershipRecord {
  /** sha3-256 hex of the canonical JSON of the record without id and ballots. */
  id: string;
  federation: string;
  epoch: number;
  previous: string | null;
  /** Sorted by public key. */
  members: Member[];
  rule: AdmissionRule;
  change: MembershipChange | null;
  ballots: Ballot[];
}
