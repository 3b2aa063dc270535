/** Federation membership decisions (pure): who is in, who gets a transaction. */

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
