/** What every pipeline stage needs. */
import type { FederationPolicy, Keypair } from '../core/index.js';
import type { Logger } from '../../shared/log.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { Random } from './federation.js';
import type { LivenessView } from './liveness-view.js';

export interface PipelineContext {
  store: LedgerStore;
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
