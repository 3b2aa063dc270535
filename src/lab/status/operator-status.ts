import { describeError } from '../../shared/errors.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import type { PublicBundle } from '../exchange/public-bundle.js';
import { LABEL_OPERATOR, LABEL_ROLE, NODE_API_PORT } from '../federation/names.js';
import { localApiUrl, type NodeIdentity } from '../node-api/node-api.js';
import { apiOf, keyringProblem } from '../up/wait-ready.js';
import { parseNodeHealth, type NodeHealthFacts } from './health-report.js';
import type { ContainerState, OperatorStatus } from './types.js';

export const stateOf = (c: ContainerInfo): ContainerState => ({
  name: c.name,
  role: c.labels[LABEL_ROLE] ?? '?',
  state: c.state,
  status: c.status,
});

/** A container that is not running, in words (a stopped node is said by its row instead). */
export const notRunning = (c: ContainerState): string =>
  `${c.role} container ${c.name} is ${c.state} (${c.status})`;

const apiPortOf = (c: ContainerInfo | undefined): number | undefined =>
  c?.ports.find((p) => p.containerPort === NODE_API_PORT && p.hostPort)?.hostPort;

/** One operator: its containers from Docker; health, counts, keyring and liveness from its node. */
export async function operatorStatus(
  name: string,
  all: readonly ContainerInfo[],
  bundles: ReadonlyMap<string, PublicBundle>,
): Promise<OperatorStatus> {
  const mine = all.filter((c) => c.labels[LABEL_OPERATOR] === name && c.labels[LABEL_ROLE] !== 'setup');
  const containers = mine.map(stateOf);
  const stopped = containers.filter((c) => c.role !== 'node' && c.state !== 'running').map(notRunning);
  const node = mine.find((c) => c.labels[LABEL_ROLE] === 'node');
  const port = apiPortOf(node);
  if (!node || node.state !== 'running' || port === undefined)
    return {
      name,
      containers,
      health: 'not running',
      problems: ['node container is not running', ...stopped],
    };
  const apiUrl = localApiUrl(port);
  const api = apiOf(port);
  try {
    const [identity, health] = await Promise.all([api.identity(), api.health()]);
    const parsed = parseNodeHealth(health.body);
    const facts = parsed.ok ? parsed.facts : undefined;
    const keyring = keyringCheck(name, identity, bundles);
    const reported = health.healthy ? [] : (facts?.problems ?? []);
    const problems = [
      ...stopped,
      ...(health.healthy || reported.length > 0 ? reported : [`node answers HTTP ${health.httpStatus}`]),
      ...(parsed.ok ? [] : [parsed.problem]),
      ...(keyring.problem ? [keyring.problem] : []),
    ];
    return {
      name,
      containers,
      apiUrl,
      health: health.healthy ? 'healthy' : 'unhealthy',
      problems,
      publicKey: identity.publicKey,
      keyringAgrees: keyring.agrees,
      ...(facts ? reportedFacts(facts, bundles) : {}),
    };
  } catch (error) {
    return { name, containers, apiUrl, health: 'unreachable', problems: [...stopped, describeError(error)] };
  }
}

/** Agreement is known only when the public bundles (the member list) can be read. */
function keyringCheck(
  name: string,
  identity: NodeIdentity,
  bundles: ReadonlyMap<string, PublicBundle>,
): { agrees?: boolean; problem: string } {
  if (bundles.size === 0) return { problem: '' };
  const self = bundles.get(name) ?? {
    operator: name,
    rethinkdbHost: '',
    nodeApiUrl: 'http://x',
    publicKey: identity.publicKey,
  };
  const problem = keyringProblem(self, [...bundles.values()], identity);
  return { agrees: problem === '', problem };
}

function reportedFacts(
  facts: NodeHealthFacts,
  bundles: ReadonlyMap<string, PublicBundle>,
): Pick<OperatorStatus, 'blocks' | 'votes' | 'backlog' | 'liveness' | 'database' | 'membership'> {
  const byKey = new Map([...bundles.values()].map((b) => [b.publicKey, b.operator]));
  const who = (keys: readonly string[]) => keys.map((k) => byKey.get(k) ?? `${k.slice(0, 8)}…`).sort();
  const { database, counts, liveness, membership } = facts;
  return {
    ...(counts ?? {}),
    ...(membership ? { membership: { epoch: membership.epoch, members: [...membership.members] } } : {}),
    ...(liveness
      ? { liveness: { known: liveness.known, alive: who(liveness.alive), dead: who(liveness.dead) } }
      : {}),
    ...(database
      ? {
          database: {
            connected: database.connected,
            ...(database.servers ? { servers: [...database.servers].sort() } : {}),
            ...(database.schemaReady === undefined ? {} : { schemaReady: database.schemaReady }),
          },
        }
      : {}),
  };
}
