/**
 * (a) Every transaction the API accepted is in exactly one VALID block. A double-spend pair is
 * one promise: exactly one of the two in exactly one VALID block, the other in none (it may have
 * been accepted and rightly end INVALID or forgotten). Missing and duplicated are told apart.
 */
import type { PostedTx } from '../load/types.js';
import { checkResult, short, shortList } from './check-result.js';
import { recountedStatus, validBlockIdsOf, type Recount } from './recount.js';
import type { InvariantCheck } from './types.js';

export function acceptedValidOnce(posted: readonly PostedTx[], r: Recount): InvariantCheck {
  const violations: string[] = [];
  const byId = new Map(posted.map((p) => [p.id, p]));
  const pairsDone = new Set<string>();
  let promised = 0;
  for (const tx of posted) {
    if (tx.conflictsWith !== undefined) {
      if (pairsDone.has(tx.id)) continue;
      pairsDone.add(tx.id).add(tx.conflictsWith);
      const rival = byId.get(tx.conflictsWith);
      if (!tx.accepted && !rival?.accepted) continue;
      promised++;
      violations.push(...pairViolations(tx, tx.conflictsWith, r));
    } else if (tx.accepted) {
      promised++;
      violations.push(...onceViolations(tx, r));
    }
  }
  return checkResult(
    'accepted-valid-once',
    violations,
    `${promised} accepted transaction(s) (double-spend pairs counted once) each in exactly one VALID block`,
  );
}

function onceViolations(tx: PostedTx, r: Recount): string[] {
  const valid = validBlockIdsOf(r, tx.id);
  if (valid.length === 1) return [];
  if (valid.length > 1)
    return [`duplicate: ${tx.kind} ${short(tx.id)} is in ${valid.length} VALID blocks ${shortList(valid)}`];
  const blocks = (r.txBlocks.get(tx.id) ?? []).map((b) => `${short(b.blockId)} ${b.status}`);
  return [
    `missing: ${tx.kind} ${short(tx.id)} (accepted by ${tx.operator}) is in no VALID block; ` +
      `status ${recountedStatus(r, tx.id)}${blocks.length > 0 ? `, blocks: ${blocks.join(', ')}` : ''}`,
  ];
}

function pairViolations(a: PostedTx, rivalId: string, r: Recount): string[] {
  const validA = validBlockIdsOf(r, a.id);
  const validB = validBlockIdsOf(r, rivalId);
  const pair = `double-spend pair ${short(a.id)} / ${short(rivalId)}`;
  if (validA.length > 0 && validB.length > 0)
    return [`${pair}: BOTH are VALID (blocks ${shortList(validA)} and ${shortList(validB)})`];
  if (validA.length === 0 && validB.length === 0)
    return [
      `missing: ${pair}: neither is in a VALID block ` +
        `(statuses ${recountedStatus(r, a.id)} / ${recountedStatus(r, rivalId)})`,
    ];
  const [winner, blocks] = validA.length > 0 ? [a.id, validA] : [rivalId, validB];
  return blocks.length > 1
    ? [`duplicate: ${pair}: ${short(winner)} is in ${blocks.length} VALID blocks ${shortList(blocks)}`]
    : [];
}
