/**
 * The invariants of a run (pure), from the tables (a LedgerArchive), what the load posted and
 * what each node's API says; never from counters a node keeps about itself.
 */
import type { LedgerArchive } from '../../protocol/ledger-archive.js';
import type { PostedTx } from '../load/types.js';
import { acceptedValidOnce } from './accepted-valid-once.js';
import { noDoubleSpend } from './no-double-spend.js';
import { nodesAgree } from './nodes-agree.js';
import { recount } from './recount.js';
import type { InvariantReport, NodeView } from './types.js';

export interface LedgerCheckInput {
  archive: LedgerArchive;
  posted: readonly PostedTx[];
  nodeViews: readonly NodeView[];
}

export function checkLedger(input: LedgerCheckInput): InvariantReport {
  const r = recount(input.archive);
  const checks = [acceptedValidOnce(input.posted, r), noDoubleSpend(r), nodesAgree(input.nodeViews, r)];
  const accepted = input.posted.filter((p) => p.accepted);
  return {
    ok: checks.every((c) => c.ok),
    checks,
    counts: {
      posted: input.posted.length,
      accepted: accepted.length,
      doubleSpendPairs: new Set(
        input.posted.flatMap((p) =>
          p.conflictsWith === undefined ? [] : [[p.id, p.conflictsWith].sort().join()],
        ),
      ).size,
      blocks: input.archive.blocks.length,
      validBlocks: r.validBlocks.length,
      votes: input.archive.votes.length,
      votesIgnored: r.ignoredVotes,
      backlog: input.archive.backlog.length,
      nodesAsked: input.nodeViews.length,
      nodesLive: input.nodeViews.filter((v) => v.live).length,
    },
  };
}
