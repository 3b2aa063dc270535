/** The invariants of a run: `checkLedger` (pure) over the tables, the posts and the nodes' views. */
export { checkLedger, type LedgerCheckInput } from './check-ledger.js';
export {
  collectNodeViews,
  waitAllValid,
  type AllValid,
  type NotValid,
  type ViewOptions,
} from './node-views.js';
export { recount, recountedStatus, validBlockIdsOf, type Recount } from './recount.js';
export { lostTransactions } from './lost.js';
export { MAX_VIOLATIONS } from './check-result.js';
export type * from './types.js';
export { decidedAtMs, decidedStatuses } from './decided-at.js';
export { txTimelines, type TxTimeline, type TimelineBlock, type TimelineVote } from './tx-timeline.js';
