import { PortConflictError } from '../errors.js';
import { DNS_LABEL, RESERVED_OPERATOR_NAMES } from '../federation-file/schema.js';
import type { Engine, Federation, OperatorSpec } from '../federation/model.js';
import { designatedOperator } from '../federation/model.js';
import { nodeService, operatorProject, rethinkdbService } from '../federation/names.js';
import { MembershipUsageError } from './errors.js';
import type { AdmitOptions, Roster } from './types.js';

/** Pure: the roster of a federation as `up` resolved it from its file. */
export function rosterFromFederation(federation: Federation, engine: Engine): Roster {
  return {
    federation: federation.name,
    engine,
    network: federation.network,
    replicas: federation.replicas,
    database: federation.database,
    policy: federation.policy,
    adminOperator: designatedOperator(federation).name,
    operators: [...federation.operators],
  };
}

/**
 * Pure: the federation `up` should bring up when a membership change happened since its file was
 * written: the file's settings with the roster's operators (admitted ones in, removed ones out,
 * as the membership table has them). Without a roster, the file as it is.
 */
export function federationWithRoster(
  file: Federation,
  roster: Roster | undefined,
): { federation: Federation; admitted: string[]; removed: string[] } {
  if (roster === undefined) return { federation: file, admitted: [], removed: [] };
  const names = (ops: readonly OperatorSpec[]) => ops.map((op) => op.name);
  const admitted = names(roster.operators).filter((n) => !names(file.operators).includes(n));
  const removed = names(file.operators).filter((n) => !names(roster.operators).includes(n));
  return { federation: { ...file, operators: [...roster.operators] }, admitted, removed };
}

/** Pure: the roster as a Federation (what the material and compose writers take). */
export function rosterFederation(roster: Roster, operators = roster.operators): Federation {
  return {
    name: roster.federation,
    engine: roster.engine,
    operators,
    replicas: roster.replicas,
    database: roster.database,
    network: roster.network,
    policy: roster.policy,
    admission: 'majority',
    warnings: [],
    ignored: [],
  };
}

/** Pure: replicas per table for `members` servers (never more than there are servers). */
export const replicasFor = (roster: Roster, members: number): number =>
  Math.max(1, Math.min(roster.replicas, members));

/**
 * Pure: a candidate's operator spec: the next position, default host names, and an API port
 * (asked for, or the next after the members' highest) that no member uses.
 */
export function candidateSpec(roster: Roster, name: string, options: AdmitOptions = {}): OperatorSpec {
  if (!DNS_LABEL.test(name) || name.length > 24)
    throw new MembershipUsageError(
      `operator name "${name}" must be DNS-safe (lowercase letters, digits and "-", starting with a letter, at most 24 characters)`,
      { operator: name },
    );
  if (RESERVED_OPERATOR_NAMES.includes(name))
    throw new MembershipUsageError(
      `operator name "${name}" is reserved (${RESERVED_OPERATOR_NAMES.join(', ')})`,
      {
        operator: name,
      },
    );
  const ports = roster.operators.map((op) => op.apiPort);
  const apiPort = options.apiPort ?? Math.max(...ports) + 1;
  const holder = roster.operators.find((op) => op.apiPort === apiPort);
  if (holder)
    throw new PortConflictError(
      apiPort,
      `the API port of member "${holder.name}"`,
      'pick another with --api-port',
    );
  const spec: OperatorSpec = {
    name,
    index: Math.max(...roster.operators.map((op) => op.index)) + 1,
    rethinkdbHost: options.hostnames?.rethinkdb ?? rethinkdbService(name),
    nodeHost: options.hostnames?.node ?? nodeService(name),
    apiPort,
    project: operatorProject(roster.federation, name),
  };
  const clash = roster.operators.find(
    (op) => op.rethinkdbHost === spec.rethinkdbHost || op.nodeHost === spec.nodeHost,
  );
  if (clash)
    throw new MembershipUsageError(
      `operator "${name}" would share a host name with member "${clash.name}"; each member needs its own`,
      { operator: name, member: clash.name },
    );
  return spec;
}

/** Pure: the roster with `operator` added at the end or taken out. */
export const withOperator = (roster: Roster, operator: OperatorSpec): Roster => ({
  ...roster,
  operators: [...roster.operators, operator],
});
export const withoutOperator = (roster: Roster, operator: string): Roster => ({
  ...roster,
  operators: roster.operators.filter((op) => op.name !== operator),
});

/** Pure: the member that runs shared commands (the first one that is not `except`, if any). */
export function runnerOf(roster: Roster, except?: string): OperatorSpec {
  const runner = roster.operators.find((op) => op.name !== except) ?? roster.operators[0];
  if (!runner)
    throw new MembershipUsageError(`federation "${roster.federation}" would have no member left`, {
      federation: roster.federation,
    });
  return runner;
}
