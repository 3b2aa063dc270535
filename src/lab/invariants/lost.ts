/**
 * Lost transactions (pure): accepted by a node's API (2xx) but in no VALID block, as the tables
 * say (the recount), never as a node's counters say. A double-spend pair is one promise: its
 * accepted members are lost only when neither of the two is in a VALID block.
 */
import type { PostedTx } from '../load/types.js';
import { validBlockIdsOf, type Recount } from './recount.js';

export function lostTransactions(posted: readonly PostedTx[], r: Recount): string[] {
  const valid = (id: string): boolean => validBlockIdsOf(r, id).length > 0;
  return posted
    .filter((tx) => tx.accepted)
    .filter((tx) => !valid(tx.id) && (tx.conflictsWith === undefined || !valid(tx.conflictsWith)))
    .map((tx) => tx.id);
}
