/**
 * (c) Every live node's API says the same of each transaction asked about (its status, and the
 * blocks holding it that it counts VALID) as every other live node AND as the recount of the
 * tables. A node that did not answer is named in the summary, not compared.
 */
import { checkResult, short, shortList } from './check-result.js';
import { recountedStatus, validBlockIdsOf, type Recount } from './recount.js';
import type { InvariantCheck, NodeView } from './types.js';

const TABLES = 'tables';

export function nodesAgree(views: readonly NodeView[], r: Recount): InvariantCheck {
  const live = views.filter((v) => v.live);
  const down = views.filter((v) => !v.live).map((v) => v.operator);
  const txIds = [...new Set(live.flatMap((v) => Object.keys(v.statuses)))].sort();
  const violations: string[] = [];
  if (live.length === 0) violations.push(`no live node to compare (asked: ${views.length})`);
  for (const txId of txIds) {
    const said = [
      { who: TABLES, what: describe(recountedStatus(r, txId), validBlockIdsOf(r, txId)) },
      ...live.map((v) => ({
        who: v.operator,
        what: describe(v.statuses[txId] ?? 'not asked', [...(v.validBlocks[txId] ?? [])].sort()),
      })),
    ];
    if (new Set(said.map((s) => s.what)).size > 1)
      violations.push(`${short(txId)}: ${said.map((s) => `${s.who} says ${s.what}`).join('; ')}`);
  }
  const asked = `${live.length} live node(s)${down.length > 0 ? ` (not answering: ${down.join(', ')})` : ''}`;
  return checkResult(
    'nodes-agree',
    violations,
    `${asked} and the tables agree on ${txIds.length} transaction(s)`,
  );
}

function describe(status: string, validBlocks: readonly string[]): string {
  return validBlocks.length === 0 ? status : `${status} in ${shortList(validBlocks)}`;
}
