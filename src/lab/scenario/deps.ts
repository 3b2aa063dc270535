/**
 * TEMPORARY (scenario work, issue 11): the one place where the scenario runner imports the modules
 * written at the same time (load, invariants, ledger). They exist now, so this re-exports them;
 * the lead may inline these imports into services.ts / bundle.ts and delete this file.
 */
export type { InvariantReport, InvariantCheck, NodeView } from '../invariants/types.js';
export { checkLedger, collectNodeViews, waitAllValid } from '../invariants/index.js';
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
