/**
 * An archive's backlog rows, validated against the ledger its VALID blocks build (issue 16).
 * A row in conflict with a VALID block (its transaction is there already, or it spends an output
 * a VALID block spends) is dropped and reported: the block stage would drop it as well, for good.
 * Any other failure (schema, id, signature, an input no VALID block holds, amounts, policy) is
 * refused: a node accepts a transaction only when its inputs are in a VALID block, and VALID is
 * forever, so an export cannot hold such a row.
 */
import {
  validateTransaction,
  TransactionInvalidError,
  type FederationPolicy,
  type LedgerFacts,
} from '../core/index.js';
import { ArchiveRowRefusedError } from '../../protocol/ledger-archive-errors.js';
import type { ArchivedBacklogRow } from '../../protocol/ledger-archive.js';

export interface DroppedBacklogRow {
  txId: string;
  code: string;
  reason: string;
}

const DROPPED = new Set(['TX_DUPLICATE', 'TX_DOUBLE_SPEND']);

export async function checkArchivedBacklog(
  rows: readonly ArchivedBacklogRow[],
  archiveRows: readonly ArchivedBacklogRow[],
  facts: LedgerFacts,
  policy: FederationPolicy,
  source: string,
): Promise<{ kept: ArchivedBacklogRow[]; dropped: DroppedBacklogRow[] }> {
  const kept: ArchivedBacklogRow[] = [];
  const dropped: DroppedBacklogRow[] = [];
  for (const row of rows) {
    const error = await failureOf(row, facts, policy);
    if (error === null) kept.push(row);
    else if (DROPPED.has(error.code))
      dropped.push({ txId: row.tx.id, code: error.code, reason: error.message });
    else
      throw new ArchiveRowRefusedError(
        source,
        { kind: 'backlog', index: archiveRows.indexOf(row), label: `transaction ${row.tx.id}` },
        `is invalid against the ledger the archive's VALID blocks build: ${error.code}: ${error.message}`,
      );
  }
  return { kept, dropped };
}

async function failureOf(
  row: ArchivedBacklogRow,
  facts: LedgerFacts,
  policy: FederationPolicy,
): Promise<TransactionInvalidError | null> {
  try {
    await validateTransaction(row.tx, facts, policy);
    return null;
  } catch (e) {
    if (e instanceof TransactionInvalidError) return e;
    throw e;
  }
}
