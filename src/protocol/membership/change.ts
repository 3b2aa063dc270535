import { isPublicKey } from '../../shared/crypto/index.js';
import { verifyPossession } from './ballot.js';
import type { Member, MembershipChange, Proposal } from './types.js';

/** Why a change cannot apply to the members it is proposed to (null: it can). */
export function changeProblem(members: readonly Member[], proposal: Proposal): string | null {
  const change = proposal.change;
  const byOperator = members.find((m) => m.operator === change.operator);
  switch (change.kind) {
    case 'admit':
      if (byOperator) return `operator ${change.operator} is already a member`;
      return newKeyProblem(members, proposal);
    case 'remove':
      if (!byOperator) return `operator ${change.operator} is not a member`;
      if (change.previousKey !== byOperator.publicKey)
        return `operator ${change.operator}'s key is ${byOperator.publicKey}, not ${String(change.previousKey)}`;
      if (members.length <= 1) return 'the last member cannot be removed';
      return null;
    case 'rotate-key':
      if (!byOperator) return `operator ${change.operator} is not a member`;
      if (change.previousKey !== byOperator.publicKey)
        return `operator ${change.operator}'s key is ${byOperator.publicKey}, not ${String(change.previousKey)}`;
      return newKeyProblem(members, proposal);
    default:
      return `unknown change ${String((change as MembershipChange).kind)}`;
  }
}

function newKeyProblem(members: readonly Member[], proposal: Proposal): string | null {
  const key = proposal.change.publicKey;
  if (key === undefined || !isPublicKey(key)) return 'the change names no valid new public key';
  if (members.some((m) => m.publicKey === key)) return `key ${key} already belongs to a member`;
  if (!verifyPossession(proposal)) return `the new key ${key} did not sign the possession statement`;
  return null;
}

/** The members after a change that `changeProblem` accepted; sorted by public key. */
export function applyChange(members: readonly Member[], change: MembershipChange): Member[] {
  const next =
    change.kind === 'admit'
      ? [...members, { operator: change.operator, publicKey: change.publicKey as string }]
      : change.kind === 'remove'
        ? members.filter((m) => m.operator !== change.operator)
        : members.map((m) =>
            m.operator === change.operator ? { ...m, publicKey: change.publicKey as string } : m,
          );
  return sortMembers(next);
}

/** Members known only by key (a node initialised without names): "member-<first 8 characters>". */
export const membersNamedByKey = (keys: readonly string[]): Member[] =>
  keys.map((k) => ({ operator: `member-${k.slice(0, 8)}`, publicKey: k }));

export const sortMembers = (members: readonly Member[]): Member[] =>
  [...members].sort((a, b) => (a.publicKey < b.publicKey ? -1 : a.publicKey > b.publicKey ? 1 : 0));
