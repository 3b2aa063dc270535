/**
 * (b) Over every VALID block of the tables (not only what the load posted): no output
 * ("txid:index") is spent by two different transactions, and no transaction id is in two VALID
 * blocks.
 */
import { checkResult, short, shortList } from './check-result.js';
import type { Recount } from './recount.js';
import type { InvariantCheck } from './types.js';

export function noDoubleSpend(r: Recount): InvariantCheck {
  const spenders = new Map<string, Set<string>>();
  const blocksOf = new Map<string, string[]>();
  for (const block of r.validBlocks) {
    for (const tx of block.block.transactions) {
      blocksOf.set(tx.id, [...(blocksOf.get(tx.id) ?? []), block.id]);
      for (const input of tx.inputs) {
        if (input.fulfills === null) continue;
        const ref = `${input.fulfills.transaction_id}:${input.fulfills.output_index}`;
        spenders.set(ref, (spenders.get(ref) ?? new Set()).add(tx.id));
      }
    }
  }
  const violations: string[] = [];
  for (const [ref, ids] of spenders) {
    if (ids.size > 1)
      violations.push(
        `output ${short(ref)}:${ref.split(':')[1] ?? ''} spent by ${ids.size} VALID transactions ${shortList([...ids])}`,
      );
  }
  for (const [txId, blocks] of blocksOf) {
    if (new Set(blocks).size > 1)
      violations.push(`transaction ${short(txId)} is in ${blocks.length} VALID blocks ${shortList(blocks)}`);
  }
  return checkResult(
    'no-double-spend',
    violations,
    `${spenders.size} output(s) spent in ${r.validBlocks.length} VALID block(s), none twice; no transaction in two`,
  );
}
