/** What every pipeline stage needs. */
import type { FederationPolicy, Keypair } from '../core/index.js';
import type { Logger } from '../../shared/log.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { Random } from './federation.js';

export interface PipelineContext {
  store: LedgerStore;
  keypair: Keypair;
  /** The federation right now (keyring plus self), sorted; re-read on every use. */
  members: () => string[];
  policy: FederationPolicy;
  log: Logger;
  random: Random;
  now: () => number;
}
