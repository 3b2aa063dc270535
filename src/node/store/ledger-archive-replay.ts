/**
 * The transactions of an archive's VALID blocks, replayed against the ledger those blocks build
 * (issue 16), with core's own validation: signatures and fulfillments, inputs that exist in an
 * earlier VALID block and are unspent, amounts that balance, the federation policy. In memory
 * (MemoryLedgerFacts: maps of transactions and spenders), so it is pure and fast.
 *
 * Archive order is block time, and block times are the creators' clocks: a block that spends an
 * output of a VALID block the archive lists after it (clock skew) waits until that block is
 * replayed, instead of being refused. Undecided and invalid blocks commit nothing: the target's
 * voters judge the undecided ones and the election re-queues the invalid ones' transactions, both
 * with full validation, so their transactions are not replayed here.
 */
import {
  MemoryLedgerFacts,
  validateBlockTransactions,
  type Block,
  type BlockStatus,
  type FederationPolicy,
  type TransactionInvalidError,
} from '../core/index.js';
import { ArchiveRowRefusedError } from '../../protocol/ledger-archive-errors.js';

interface Pending {
  block: Block;
  index: number;
}

/** The ledger of the archive's VALID blocks; ArchiveRowRefusedError naming the first bad transaction. */
export async function replayValidBlocks(
  blocks: readonly Block[],
  statuses: ReadonlyMap<string, BlockStatus>,
  policy: FederationPolicy,
  source: string,
): Promise<MemoryLedgerFacts> {
  const facts = new MemoryLedgerFacts();
  const valid: Pending[] = blocks.flatMap((block, index) =>
    statuses.get(block.id) === 'valid' && block.block.transactions.length > 0 ? [{ block, index }] : [],
  );
  const validTxIds = new Set(valid.flatMap((p) => p.block.block.transactions.map((t) => t.id)));
  const committed = new Set<string>();
  const waiting = new Map<string, Pending[]>(); // a transaction id -> the blocks waiting for it
  const work = [...valid].reverse(); // a stack: archive order, woken blocks first
  while (work.length > 0) {
    const next = work.pop() as Pending;
    const missing = await replayBlock(
      next,
      facts,
      policy,
      source,
      (id) => validTxIds.has(id) && !committed.has(id),
    );
    if (missing !== null) {
      waiting.set(missing, [...(waiting.get(missing) ?? []), next]);
      continue;
    }
    for (const tx of next.block.block.transactions) {
      committed.add(tx.id);
      const woken = waiting.get(tx.id);
      waiting.delete(tx.id);
      if (woken) work.push(...[...woken].reverse());
    }
  }
  const stuck = [...waiting.values()].flat().sort((a, b) => a.index - b.index)[0];
  if (stuck !== undefined) await replayBlock(stuck, facts, policy, source, () => false); // throws
  return facts;
}

/**
 * Validates one block's transactions and commits them; returns the id of a transaction it must
 * wait for (an input of a VALID block not replayed yet), else null. Refuses any other failure.
 */
async function replayBlock(
  { block, index }: Pending,
  facts: MemoryLedgerFacts,
  policy: FederationPolicy,
  source: string,
  mayComeLater: (txId: string) => boolean,
): Promise<string | null> {
  const { invalid } = await validateBlockTransactions(block.block.transactions, facts, policy);
  if (invalid.length === 0) {
    facts.addBlock(block.id, block.block.transactions, 'valid');
    return null;
  }
  for (const { error } of invalid) {
    const later = error.code === 'TX_INPUT_MISSING' ? await laterInput(block, facts, mayComeLater) : null;
    if (later !== null) return later;
  }
  const first = invalid[0] as { tx: unknown; error: TransactionInvalidError };
  const txIndex = (block.block.transactions as unknown[]).indexOf(first.tx);
  throw new ArchiveRowRefusedError(
    source,
    { kind: 'block', index, label: `id ${block.id}, VALID by its votes` },
    `holds transaction #${txIndex} (${first.error.txId ?? 'no id'}) that is invalid against the ledger ` +
      `its earlier VALID blocks build: ${first.error.code}: ${first.error.message}`,
  );
}

/** An input of `block` not committed yet that a VALID block not replayed yet would commit. */
async function laterInput(
  block: Block,
  facts: MemoryLedgerFacts,
  mayComeLater: (txId: string) => boolean,
): Promise<string | null> {
  for (const tx of block.block.transactions)
    for (const input of tx.inputs) {
      const id = input.fulfills?.transaction_id;
      if (id !== undefined && (await facts.getCommittedTransaction(id)) === null && mayComeLater(id))
        return id;
    }
  return null;
}
