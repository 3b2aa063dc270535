import { formatMs } from '../progress/progress.js';
import type { MembershipResult } from './types.js';

const VERB = { admit: 'admit', remove: 'remove', 'rotate-key': 'rotate the key of' } as const;

/** Pure: a membership result as a person reads it: the decision, who voted how, the epoch after. */
export function renderMembershipResult(r: MembershipResult): string[] {
  const { tally } = r;
  const width = Math.max(...r.votes.map((v) => v.operator.length), 8);
  return [
    `${VERB[r.change]} ${r.operator} (federation ${r.federation}): ${r.outcome.toUpperCase()} under ${r.rule} ` +
      `(${tally.approvals.length} yes, ${tally.rejections.length} no, ${tally.silent.length} silent of ${tally.electorate})`,
    ...r.votes.map(
      (v) =>
        `  ${v.operator.padEnd(width)}  ${v.vote.padEnd(4)}  ${v.publicKey}${v.problem ? `  (${v.problem})` : ''}`,
    ),
    `epoch ${r.epoch} (${r.recordId.slice(0, 16)}…): ${r.members.map((m) => m.operator).join(', ')}`,
    ...(r.replicas === undefined ? [] : [`tables: ${r.replicas} replica${r.replicas === 1 ? '' : 's'} each`]),
    ...r.notes,
    `done in ${formatMs(r.elapsedMs)}`,
  ];
}
