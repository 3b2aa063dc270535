/** The ledger store: one interface (ledger-store.ts) and its RethinkDB/reqlite implementation. */
export type * from './ledger-store.js';
export { connectLedgerStore, RethinkLedgerStore } from './rethink-ledger-store.js';
export {
  StoreUnavailableError,
  EngineLimitationError,
  DatabaseExistsError,
  DatabaseMissingError,
  FeedLostError,
  StoreDataError,
} from './errors.js';
export { REQLITE_LIMITATIONS } from './engine.js';
