/** `bigchaindb export`: read backlog, then blocks, then votes, and assemble a consistent archive. */
import type { LedgerArchive } from '../../protocol/ledger-archive.js';
import { assembleArchive } from './ledger-archive-plan.js';
import type { LedgerArchiveStore } from './ledger-archive-store.js';

export async function exportLedgerArchive(
  store: LedgerArchiveStore,
  options: { members: readonly string[]; allTables?: boolean; now?: () => Date },
): Promise<LedgerArchive> {
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  // The order is what makes the archive consistent (see assembleArchive): backlog first.
  const backlog = await store.readBacklog();
  const blockDocs = await store.readBlockDocs();
  const votes = await store.readVotes();
  const membership = await store.readMembership();
  const otherTables = options.allTables ? await store.readOtherTables() : undefined;
  return assembleArchive({
    createdAt,
    database: store.dbName,
    engine: store.engine,
    members: options.members,
    backlog,
    blockDocs,
    votes,
    membership,
    ...(otherTables ? { otherTables } : {}),
  });
}
