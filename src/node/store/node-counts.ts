/**
 * One node's share of the ledger, for /health: blocks it created (the genesis block too, when it
 * wrote it), votes it cast, backlog rows assigned to it. Index reads, never a table scan on
 * RethinkDB (reqlite scans for any secondary-index read: a known limitation).
 */
import { r } from 'rethinkdb-ts';
import type { StoreCounts } from './ledger-store.js';
import { IDX } from './schema.js';
import { PROBE_RETRY } from './retry.js';
import type { StoreContext } from './tables.js';

export async function countsFor(c: StoreContext, publicKey: string): Promise<StoreCounts> {
  const [blocks, votes, backlog] = await Promise.all([
    c.db.run(c.t.bigchain.getAll(publicKey, { index: IDX.blockCreator }).count(), PROBE_RETRY),
    c.db.run(c.t.votes.getAll(publicKey, { index: IDX.voteVoter }).count(), PROBE_RETRY),
    c.db.run(
      c.t.backlog
        .between([publicKey, r.minval], [publicKey, r.maxval], { index: IDX.backlogAssignee })
        .count(),
      PROBE_RETRY,
    ),
  ]);
  return { blocks, votes, backlog };
}
