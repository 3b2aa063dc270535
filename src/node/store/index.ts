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
  DatabaseUnavailableError,
} from './errors.js';
export {
  unavailabilityOf,
  DB_RETRY_AFTER_SEC,
  type Unavailability,
  type UnavailableKind,
  type AvailabilitySource,
} from './availability.js';
export { REQLITE_LIMITATIONS } from './engine.js';
export {
  SchemaObjectExistsError,
  NotEnoughServersError,
  DdlIndeterminateError,
  DdlFailedError,
  DatabasePermissionError,
  DatabaseAuthError,
  SchemaNotReadyError,
  ReplicasNotReadyError,
  ServersMissingError,
} from './cluster-errors.js';
export type { ClusterAdmin, ClusterOpenOptions, ClusterStatus, ClusterTable } from './cluster-admin.js';
export { openClusterAdmin } from './cluster-connect.js';
export { clusterStatusLines } from './cluster-status.js';
export { describeGrant, nodeUserGrants, type Grant } from './accounts.js';
export { isAdminUser } from './login.js';
