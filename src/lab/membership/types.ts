import type { ChangeKind, Member, Outcome, Tally } from '../../protocol/membership/index.js';
import type { FederationPolicy } from '../../protocol/index.js';
import type { DatabaseSettings } from '../federation-file/schema.js';
import type { Engine, OperatorSpec } from '../federation/model.js';
import type { StepTiming } from '../progress/progress.js';

/**
 * What the lab manages of a running federation, beyond what `up` read from the federation file:
 * its current operators (members admitted later included, removed ones gone) and the settings a
 * new member's material needs. Kept in `<stateDir>/<federation>/roster.json` after every change.
 */
export interface Roster {
  readonly federation: string;
  readonly engine: Engine;
  readonly network: string;
  /** The federation's replica target; tables get min(replicas, members). */
  readonly replicas: number;
  readonly database: DatabaseSettings;
  readonly policy: FederationPolicy;
  /** The operator whose directory keeps the cluster's admin password (the designated one at up). */
  readonly adminOperator: string;
  /** Current members in position order (the first runs the cluster commands). */
  readonly operators: readonly OperatorSpec[];
}

/** How one member voted, by operator name (none: no valid ballot was counted). */
export interface VoteLine {
  readonly operator: string;
  readonly publicKey: string;
  readonly vote: 'yes' | 'no' | 'none';
  /** Why a member has no ballot (its container failed to sign one). */
  readonly problem?: string;
}

/** The outcome of `fedlab admit`, `remove` or `rotate-key`. */
export interface MembershipResult {
  readonly federation: string;
  readonly operator: string;
  readonly change: ChangeKind;
  readonly outcome: Outcome;
  readonly rule: Tally['rule'];
  /** Who voted how (the tally's keys by operator). */
  readonly votes: readonly VoteLine[];
  readonly tally: Tally;
  /** The epoch in force afterwards (the new one when approved). */
  readonly epoch: number;
  /** The record id of that epoch. */
  readonly recordId: string;
  readonly members: readonly Member[];
  /** Replicas per table set afterwards (rethinkdb, approved changes only). */
  readonly replicas?: number;
  /** Notes a person should read (what the engine could not do, what was kept). */
  readonly notes: readonly string[];
  readonly timings: readonly StepTiming[];
  readonly elapsedMs: number;
}

export interface GovernanceOptions {
  /** Members (operator names) that vote no: for demonstrations and tests of a rejection. */
  rejectBy?: readonly string[];
}

export interface AdmitOptions extends GovernanceOptions {
  /** Host port (127.0.0.1) of the candidate's node API; default: the next free after the members'. */
  apiPort?: number;
  hostnames?: { rethinkdb?: string; node?: string };
}
