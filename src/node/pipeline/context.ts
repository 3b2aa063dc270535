/** What every pipeline stage needs. */
import type { FederationPolicy, Keypair } from '../core/index.js';
import type { Logger } from '../../shared/log.js';
import type { Random } from './members.js';
import type { LivenessView } from './liveness-view.js';
import type { MembershipView } from './membership-view.js';

/**
 * `S`: the store role a stage needs (each stage names its own `Pick` of the pipeline roles), so
 * a stage sees only what it uses and its tests fake only that.
 */
export interface PipelineContext<S> {
  store: S;
  keypair: Keypair;
  /** The members of the current membership epoch, sorted; re-read on every use. */
  members: () => string[];
  /** The membership epochs as this node knows them (issue 12); `members` is its current one. */
  membership: MembershipView;
  /** Who is alive now (heartbeats): new work goes to live members only. */
  liveness: LivenessView;
  policy: FederationPolicy;
  log: Logger;
  random: Random;
  now: () => number;
}
