/** Federation membership decisions (pure): who is in, who gets a transaction. */
import { sha3_256Hex } from '../../shared/crypto/index.js';
import type { Transaction } from '../core/index.js';

export type Random = () => number;

/** The federation: my key plus the keyring (others), deduplicated, in a stable order. */
export function membersOf(self: string, keyring: readonly string[]): string[] {
  return [...new Set([self, ...keyring])].sort();
}

/** A random member of `members` (ingest and re-queue pass the live members: liveness.ts). */
export function pickAssignee(members: readonly string[], random: Random = Math.random): string {
  const chosen = members[Math.floor(random() * members.length)];
  if (chosen === undefined) throw new RangeError('cannot pick an assignee from an empty federation');
  return chosen;
}

/**
 * A random member other than `current` (stale reassignment). When `current` is the only
 * member, it is kept (the row is just re-stamped).
 */
export function pickOtherAssignee(
  members: readonly string[],
  current: string,
  random: Random = Math.random,
): string {
  const others = members.filter((m) => m !== current);
  return others.length === 0 ? current : pickAssignee(others, random);
}

/**
 * Who gets a transaction (ingest, re-queue, reassignment). A TRANSFER goes to the member chosen
 * by the hash of the first output it spends ("txid:index") over the sorted candidates, so two
 * conflicting spends land on ONE member, whose block stage takes one and keeps the other
 * pending: they cannot meet in two blocks and make both INVALID, round after round. A CREATE
 * (nothing to conflict on) goes to a random candidate. Both spread the load evenly.
 */
export function assigneeFor(
  tx: Transaction,
  candidates: readonly string[],
  random: Random = Math.random,
): string {
  const spent = tx.operation === 'TRANSFER' ? tx.inputs[0]?.fulfills : null;
  if (spent === null || spent === undefined) return pickAssignee(candidates, random);
  const sorted = [...candidates].sort();
  if (sorted.length === 0) throw new RangeError('cannot pick an assignee from an empty federation');
  const slot = Number(
    BigInt(`0x${sha3_256Hex(`${spent.transaction_id}:${spent.output_index}`).slice(0, 12)}`) %
      BigInt(sorted.length),
  );
  return sorted[slot] as string;
}

/** `assigneeFor` among the members other than `current` (kept when it is the only one). */
export function otherAssigneeFor(
  tx: Transaction,
  members: readonly string[],
  current: string,
  random: Random = Math.random,
): string {
  const others = members.filter((m) => m !== current);
  return others.length === 0 ? current : assigneeFor(tx, others, random);
}
