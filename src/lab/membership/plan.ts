import { planExchange, type ExchangeEntry } from '../exchange/plan.js';
import type { PublicBundle } from '../exchange/public-bundle.js';
import { UnknownOperatorError } from '../errors.js';
import type { OperatorSpec } from '../federation/model.js';
import { AlreadyMemberError, MembershipUsageError } from './errors.js';
import { replicasFor, withOperator, withoutOperator } from './roster.js';
import type { Roster } from './types.js';

/**
 * What an approved change does to the lab's files and the database layout, as data: the roster
 * and public bundles afterwards, every remaining member's join= lines and keyring (the exchange
 * plan over the new bundles), and the replicas per table.
 */
export interface MembershipPlan {
  readonly roster: Roster;
  readonly bundles: readonly PublicBundle[];
  readonly exchange: readonly ExchangeEntry[];
  readonly replicas: number;
}

function planFor(roster: Roster, bundles: readonly PublicBundle[]): MembershipPlan {
  const ordered = roster.operators.map((op) => {
    const bundle = bundles.find((b) => b.operator === op.name);
    if (!bundle)
      throw new MembershipUsageError(`member "${op.name}" has no public bundle`, { operator: op.name });
    return bundle;
  });
  return {
    roster,
    bundles: ordered,
    exchange: planExchange(ordered),
    replicas: replicasFor(roster, roster.operators.length),
  };
}

/** Pure: a candidate joins: its bundle is published, every keyring and join= list gains it. */
export function planAdmission(
  roster: Roster,
  bundles: readonly PublicBundle[],
  candidate: OperatorSpec,
  candidateBundle: PublicBundle,
): MembershipPlan {
  if (roster.operators.some((op) => op.name === candidate.name))
    throw new AlreadyMemberError(roster.federation, candidate.name);
  return planFor(withOperator(roster, candidate), [...bundles, candidateBundle]);
}

/** Pure: a member leaves: the others' keyrings and join= lines lose it (its own files stay). */
export function planRemoval(
  roster: Roster,
  bundles: readonly PublicBundle[],
  operator: string,
): MembershipPlan {
  requireMember(roster, operator);
  if (roster.operators.length <= 1)
    throw new MembershipUsageError(
      `"${operator}" is the last member of "${roster.federation}" and cannot be removed`,
      {
        operator,
      },
    );
  return planFor(
    withoutOperator(roster, operator),
    bundles.filter((b) => b.operator !== operator),
  );
}

/** Pure: a member's key changes: its bundle names the new key, the others' keyrings follow. */
export function planRotation(
  roster: Roster,
  bundles: readonly PublicBundle[],
  operator: string,
  publicKey: string,
): MembershipPlan {
  requireMember(roster, operator);
  return planFor(
    roster,
    bundles.map((b) => (b.operator === operator ? { ...b, publicKey } : b)),
  );
}

export function requireMember(roster: Roster, operator: string): OperatorSpec {
  const spec = roster.operators.find((op) => op.name === operator);
  if (!spec)
    throw new UnknownOperatorError(
      roster.federation,
      operator,
      roster.operators.map((op) => op.name),
    );
  return spec;
}

/** Pure: every name in --reject-by must be a member. */
export function checkRejectBy(roster: Roster, rejectBy: readonly string[] = []): void {
  for (const name of rejectBy) requireMember(roster, name);
}
