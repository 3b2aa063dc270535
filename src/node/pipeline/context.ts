/** What every pipeline stage needs. */
import type { FederationPolicy, Keypair } from '../core/index.js';
import type { Logger } from '../../shared/log.js';
import type { Random } from './members.js';
import type { LivenessView } from './liveness-view.js';

/**
 * `S`: the store role a stage needs (each stage names its own `Pick` of the pipeline roles), so
 * a stage sees only what it uses and its tests fake only that.
 */
export interface PipelineContext<S> {
  store: S;
  keypair: Keypair;
  /** The federation right now (keyring plus self), sorted; re-read on every use. */
  members: () => string[];
  /** Who is alive now (heartbeats): new work goes to live members only. */
  liveness: LivenessView;
  policy: FederationPolicy;
  log: Logger;
  random: Random;
  now: () => number;
}
