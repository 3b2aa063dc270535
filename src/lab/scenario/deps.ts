/**
 * What the scenario runner uses of the lab's other modules (load, invariants, ledger), in one
 * place: the runner's own files import only from here, so its dependencies are seen at a glance.
 */
export type { InvariantReport, InvariantCheck, NodeView } from '../invariants/types.js';
export {
  checkLedger,
  collectNodeViews,
  lostTransactions,
  recount,
  decidedStatuses,
  txTimelines,
  type TxTimeline,
  waitAllValid,
} from '../invariants/index.js';
export type { LoadHandle, LoadResult, LoadSpec, LoadTarget, PostedTx, TxKind } from '../load/types.js';
export { startLoad } from '../load/start-load.js';
export type { LedgerArchive } from '../../protocol/ledger-archive.js';
export {
  exportLedger,
  backupFederation,
  restoreFederation,
  type BackupSummary,
  type RestoreSummary,
} from '../ledger/ledger-io.js';
