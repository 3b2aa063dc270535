import { CONTAINER_ACTIONS, type ContainerAction, type ContainerInfo } from '../docker/docker-client.js';
import {
  FaultNotPossibleError,
  FaultUsageError,
  FederationNotFoundError,
  UnknownOperatorError,
} from '../errors.js';
import {
  LABEL_ENGINE,
  LABEL_OPERATOR,
  LABEL_POSITION,
  LABEL_ROLE,
  databaseProject,
  operatorNetworkName,
} from '../federation/names.js';

export const FAULT_ACTIONS = [...CONTAINER_ACTIONS, 'partition', 'heal'] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];
export const FAULT_TARGETS = ['node', 'database', 'both'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export const parseFaultAction = (value: string): FaultAction =>
  oneOf(FAULT_ACTIONS, value, () => new FaultUsageError('action', value, FAULT_ACTIONS));
export const parseFaultTarget = (value: string): FaultTarget =>
  oneOf(FAULT_TARGETS, value, () => new FaultUsageError('target', value, FAULT_TARGETS));

export const isContainerAction = (action: FaultAction): action is ContainerAction =>
  (CONTAINER_ACTIONS as readonly string[]).includes(action);

export interface FaultRequest {
  federation: string;
  operator: string;
  action: FaultAction;
  /** Default both: the operator's node and, on engine rethinkdb, its RethinkDB server. */
  target?: FaultTarget;
}

/**
 * Why partition is refused on reqlite: the whole federation shares ONE reqlite server on the
 * federation network, so cutting an operator off the network would also cut its node off the
 * only database. That is not a partition of the ledger (no side keeps a database of its own) but
 * the loss of the node's database, which `stop --target node` already shows more honestly.
 */
export const REQLITE_PARTITION_REFUSAL =
  'engine reqlite: the federation shares one reqlite server, so a partition would cut the node ' +
  'off from the database too (no side would keep a database of its own); partition needs engine ' +
  'rethinkdb. To take the operator away on reqlite, use: fedlab fault stop <operator> --target node';

/** Operator names that have a node or database container, in federation-file order. */
export function operatorsOf(containers: readonly ContainerInfo[]): string[] {
  const position = new Map<string, number>();
  for (const c of containers) {
    const op = c.labels[LABEL_OPERATOR];
    if (op !== undefined && isOperatorRole(c)) position.set(op, Number(c.labels[LABEL_POSITION] ?? 0));
  }
  return [...position.keys()].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
}

/**
 * Pure: the containers a fault acts on, in the order to act (the database first when bringing
 * things back, the node first when taking them away). Every refusal names what exists.
 */
export function planFaultTargets(
  request: FaultRequest,
  containers: readonly ContainerInfo[],
): ContainerInfo[] {
  const { federation, operator, action } = request;
  if (containers.length === 0) throw new FederationNotFoundError(federation);
  const mine = containers.filter((c) => c.labels[LABEL_OPERATOR] === operator && isOperatorRole(c));
  if (mine.length === 0) throw new UnknownOperatorError(federation, operator, operatorsOf(containers));
  const engine = mine[0]?.labels[LABEL_ENGINE];
  const target = request.target ?? 'both';
  if (engine === 'reqlite' && (action === 'partition' || action === 'heal'))
    throw new FaultNotPossibleError(REQLITE_PARTITION_REFUSAL.replace('<operator>', operator), {
      federation,
      operator,
      engine,
    });
  if (engine === 'reqlite' && target === 'database')
    throw new FaultNotPossibleError(
      `engine reqlite: operator "${operator}" has no database server of its own (the federation ` +
        `shares one, project ${databaseProject(federation)}); use --target node`,
      { federation, operator, engine },
    );
  const roles = target === 'both' ? ['node', 'database'] : [target];
  const chosen = mine.filter((c) => roles.includes(c.labels[LABEL_ROLE] ?? ''));
  if (chosen.length === 0)
    throw new FaultNotPossibleError(
      `operator "${operator}" of "${federation}" has no ${target} container (it has: ${mine.map((c) => c.name).join(', ')})`,
      { federation, operator, target },
    );
  const databaseFirst =
    action === 'start' || action === 'restart' || action === 'unpause' || action === 'heal';
  const rank = (c: ContainerInfo) => ((c.labels[LABEL_ROLE] === 'database') === databaseFirst ? 0 : 1);
  return [...chosen].sort((a, b) => rank(a) - rank(b));
}

/** One container's attachment to the federation network, as cut by a partition. */
export interface NetworkCut {
  container: string;
  containerId: string;
  network: string;
  aliases: string[];
  /**
   * Its IPv4 address there, when the engine said: heal reconnects it with the same one, so its
   * RethinkDB peers, which dial the address they knew, find it again (fault.ts). Absent in
   * partition files written before, and when unknown.
   */
  address?: string;
}

export interface TargetNetworks {
  container: ContainerInfo;
  /** Network name -> the container's aliases there (DockerClient.containerNetworks). */
  networks: Readonly<Record<string, readonly string[]>>;
}

/**
 * Pure: what a partition disconnects. Each target leaves the federation network, keeping its
 * aliases to restore them on heal; a target already off it is listed as already cut. A target
 * not on its operator's own network is refused: cut off, the node would lose its own server too.
 */
export function planPartition(
  federation: string,
  operator: string,
  federationNetwork: string,
  targets: readonly TargetNetworks[],
): { cuts: NetworkCut[]; alreadyCut: string[] } {
  const own = operatorNetworkName(federation, operator);
  const cuts: NetworkCut[] = [];
  const alreadyCut: string[] = [];
  for (const { container, networks } of targets) {
    if (!(own in networks))
      throw new FaultNotPossibleError(
        `container ${container.name} is not on its operator's network ${own} (a federation made ` +
          'before fedlab fault existed?); run fedlab up again so that compose recreates it, then retry',
        { federation, operator, container: container.name, network: own },
      );
    const aliases = networks[federationNetwork];
    if (aliases === undefined) alreadyCut.push(container.name);
    else
      cuts.push({
        container: container.name,
        containerId: container.id,
        network: federationNetwork,
        aliases: [...aliases],
      });
  }
  return { cuts, alreadyCut };
}

/**
 * Pure: what heal reconnects (the cuts whose container is still off the network) and what is back
 * already. `current` is keyed by container name: a container recreated meanwhile keeps its name.
 */
export function planHeal(
  cuts: readonly NetworkCut[],
  current: ReadonlyMap<string, Readonly<Record<string, readonly string[]>>>,
): { reconnect: NetworkCut[]; alreadyBack: string[] } {
  const reconnect: NetworkCut[] = [];
  const alreadyBack: string[] = [];
  for (const cut of cuts) {
    if (cut.network in (current.get(cut.container) ?? {})) alreadyBack.push(cut.container);
    else reconnect.push(cut);
  }
  return { reconnect, alreadyBack };
}

function isOperatorRole(c: ContainerInfo): boolean {
  const role = c.labels[LABEL_ROLE];
  return role === 'node' || role === 'database';
}

function oneOf<T extends string>(values: readonly T[], value: string, error: () => Error): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw error();
}
