import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ContainerAction, ContainerInfo, DockerClient } from '../docker/docker-client.js';
import { FaultFailedError, FaultNotPossibleError, MaterialError } from '../errors.js';
import { LABEL_FEDERATION, LABEL_ROLE, networkName } from '../federation/names.js';
import { FederationPaths } from '../material/paths.js';
import {
  isContainerAction,
  parseFaultAction,
  parseFaultTarget,
  planFaultTargets,
  planHeal,
  planPartition,
  type FaultRequest,
  type NetworkCut,
} from './plan.js';
import {
  appendFaultRecord,
  failedOutcome,
  faultRecord,
  faultSummary,
  type FaultRecord,
  type TargetOutcome,
} from './record.js';

type Outcomes = [string, TargetOutcome][];

/**
 * Makes one fault on one operator of a running federation through the Docker API, appends its
 * record to faults.jsonl (also when the engine refused part of it) and returns the record. A
 * refusal by the engine becomes FaultFailedError after the record is written.
 */
export async function makeFault(
  docker: DockerClient,
  stateDir: string,
  request: FaultRequest,
  now: () => Date = () => new Date(),
): Promise<FaultRecord> {
  const action = parseFaultAction(request.action);
  const checked: FaultRequest = {
    ...request,
    action,
    ...(request.target === undefined ? {} : { target: parseFaultTarget(request.target) }),
  };
  const paths = new FederationPaths(stateDir, request.federation);
  const containers = await docker.listContainers({ [LABEL_FEDERATION]: request.federation });
  const targets = planFaultTargets(checked, containers);
  const at = now();
  let outcomes: Outcomes;
  let cut: NetworkCut[] | undefined;
  if (isContainerAction(action)) outcomes = await control(docker, targets, action);
  else if (action === 'partition') ({ outcomes, cut } = await partition(docker, paths, checked, targets));
  else outcomes = await heal(docker, paths, checked, targets);
  const record = faultRecord({
    at,
    federation: request.federation,
    operator: request.operator,
    action,
    outcomes,
    ...(cut === undefined ? {} : { cut }),
  });
  await appendFaultRecord(paths.faultLog, record);
  if (record.result === 'failed')
    throw new FaultFailedError(
      faultSummary(record),
      outcomes.filter(([, o]) => o.startsWith('failed')).map(([c, o]) => `${c} ${o}`),
    );
  return record;
}

async function control(
  docker: DockerClient,
  targets: readonly ContainerInfo[],
  action: ContainerAction,
): Promise<Outcomes> {
  const outcomes: Outcomes = [];
  for (const c of targets)
    outcomes.push([c.name, await docker.controlContainer(c.id, action).catch(failedOutcome)]);
  return outcomes;
}

async function partition(
  docker: DockerClient,
  paths: FederationPaths,
  request: FaultRequest,
  targets: readonly ContainerInfo[],
): Promise<{ outcomes: Outcomes; cut: NetworkCut[] }> {
  const withNetworks = await Promise.all(
    targets.map(async (container) => ({ container, networks: await docker.containerNetworks(container.id) })),
  );
  const plan = planPartition(
    request.federation,
    request.operator,
    networkName(request.federation),
    withNetworks,
  );
  // Merged with an earlier partition's cuts (a second partition of a node already cut), and
  // written before anything is cut, so heal knows what to restore even after a partial failure.
  const cuts = await Promise.all(
    plan.cuts.map(async (c) => {
      const address = await docker.containerAddress(c.containerId, c.network).catch(() => undefined);
      return address === undefined ? c : { ...c, address };
    }),
  );
  const cut = mergeCuts(await readPartition(paths, request.operator), cuts);
  const file = paths.partitionState(request.operator);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(cut, null, 2) + '\n', { mode: 0o644 });
  const outcomes: Outcomes = plan.alreadyCut.map((c) => [c, 'already cut']);
  for (const c of cuts)
    outcomes.push([
      c.container,
      await docker.disconnectNetwork(c.network, c.containerId).then(() => 'disconnected', failedOutcome),
    ]);
  return { outcomes, cut: cuts };
}

async function heal(
  docker: DockerClient,
  paths: FederationPaths,
  request: FaultRequest,
  targets: readonly ContainerInfo[],
): Promise<Outcomes> {
  const saved = await readPartition(paths, request.operator);
  const idOf = new Map(targets.map((c) => [c.name, c.id]));
  const names = new Set(idOf.keys());
  const cuts = saved.filter((c) => names.has(c.container));
  if (cuts.length === 0)
    throw new FaultNotPossibleError(
      `operator "${request.operator}" of "${request.federation}" has no partition to heal` +
        (saved.length > 0 ? ` on ${targets.map((c) => c.name).join(', ')}` : '') +
        ` (${paths.partitionState(request.operator)} lists what a partition cut)`,
      { federation: request.federation, operator: request.operator },
    );
  const current = new Map(
    await Promise.all(targets.map(async (c) => [c.name, await docker.containerNetworks(c.id)] as const)),
  );
  const plan = planHeal(cuts, current);
  const outcomes: Outcomes = plan.alreadyBack.map((c) => [c, 'already back']);
  const roleOf = new Map(targets.map((c) => [c.name, c.labels[LABEL_ROLE]]));
  for (const c of plan.reconnect)
    outcomes.push([
      c.container,
      await reconnect(docker, c, idOf.get(c.container) ?? c.containerId, roleOf.get(c.container)),
    ]);
  if (!outcomes.some(([, o]) => o.startsWith('failed'))) {
    const left = saved.filter((c) => !names.has(c.container));
    if (left.length === 0) await rm(paths.partitionState(request.operator), { force: true });
    else await writeFile(paths.partitionState(request.operator), JSON.stringify(left, null, 2) + '\n');
  }
  return outcomes;
}

async function reconnect(
  docker: DockerClient,
  cut: NetworkCut,
  id: string,
  role: string | undefined,
): Promise<TargetOutcome> {
  // Its old address first (a network whose subnet `up` pinned), else a new one.
  const same =
    cut.address !== undefined &&
    (await docker
      .connectNetwork(cut.network, id, cut.aliases, cut.address)
      .then(() => true)
      .catch(() => false)); // address taken meanwhile, or a network whose subnet the engine chose
  const outcome = same
    ? 'reconnected'
    : await docker.connectNetwork(cut.network, id, cut.aliases).then(() => 'reconnected', failedOutcome);
  // RethinkDB 2.4 does not always dial a peer again after a heartbeat timeout: with a new
  // address the cut server stayed alone for minutes, and even with its old address a peer that
  // had dialed it once did not dial again (seen 2026-12-07: gamma back with alpha after 2 s, but
  // not with beta after 90 s, so its tables stayed not ready). Restarted, it joins every peer
  // again through its join= host names (its data volume is kept).
  if (outcome !== 'reconnected' || role !== 'database') return outcome;
  return docker.controlContainer(id, 'restart').then(() => 'reconnected, restarted', failedOutcome);
}

async function readPartition(paths: FederationPaths, operator: string): Promise<NetworkCut[]> {
  const file = paths.partitionState(operator);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    return JSON.parse(text) as NetworkCut[];
  } catch (cause) {
    throw new MaterialError(
      file,
      'is not the JSON a partition writes; heal by hand with docker network connect',
      cause,
    );
  }
}

function mergeCuts(earlier: readonly NetworkCut[], now: readonly NetworkCut[]): NetworkCut[] {
  const names = new Set(now.map((c) => c.container));
  return [...earlier.filter((c) => !names.has(c.container)), ...now];
}
