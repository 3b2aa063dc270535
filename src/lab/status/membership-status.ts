import type { PublicBundle } from '../exchange/public-bundle.js';
import type { Engine } from '../federation/model.js';
import { rethinkdbServerName } from '../federation/names.js';
import type { MembershipStatus, OperatorStatus } from './types.js';

const keysOf = (members: readonly { publicKey: string }[]): string =>
  members
    .map((m) => m.publicKey)
    .sort()
    .join(',');

/**
 * Pure: the membership epoch as the nodes report it (/health `membership`) and whether everything
 * agrees with it: every node follows the same epoch and members, the lab's public bundles and every
 * node's keyring match those members, and (rethinkdb) the cluster's servers are the members'.
 * undefined when no node reports a membership (an image older than issue 12).
 */
export function membershipStatus(
  operators: readonly OperatorStatus[],
  bundles: ReadonlyMap<string, PublicBundle>,
  engine: Engine | undefined,
  servers: readonly string[],
): MembershipStatus | undefined {
  const reporting = operators.filter((o) => o.membership !== undefined);
  const first = reporting[0]?.membership;
  if (!first) return undefined;
  const problems: string[] = [];
  for (const o of reporting.slice(1)) {
    const m = o.membership;
    if (m && (m.epoch !== first.epoch || keysOf(m.members) !== keysOf(first.members)))
      problems.push(`${o.name} follows epoch ${m.epoch}, ${reporting[0]?.name} epoch ${first.epoch}`);
  }
  const silent = operators.filter((o) => o.health !== 'not running' && o.membership === undefined);
  if (silent.length > 0) problems.push(`no membership reported by ${silent.map((o) => o.name).join(', ')}`);
  // A node still on its config's epoch 0 (no record yet) names members by key only.
  const byKey = new Map([...bundles.values()].map((b) => [b.publicKey, b.operator]));
  const names = first.members
    .map((m) => m.operator || byKey.get(m.publicKey) || `${m.publicKey.slice(0, 8)}…`)
    .sort();
  if (keysOf(first.members) !== keysOf([...bundles.values()]))
    problems.push(
      `the public bundles name ${[...bundles.keys()].sort().join(', ')}, the epoch ${names.join(', ')}`,
    );
  const differing = operators.filter((o) => o.keyringAgrees === false).map((o) => o.name);
  if (differing.length > 0) problems.push(`keyrings differ from the members on ${differing.join(', ')}`);
  if (engine === 'rethinkdb') {
    const expected = names.map(rethinkdbServerName).sort().join(', ');
    const seen = [...servers].sort().join(', ');
    if (expected !== seen)
      problems.push(`the cluster's servers are ${seen || 'unknown'}, the members' ${expected}`);
  }
  return { epoch: first.epoch, members: names, agree: problems.length === 0, problems };
}
