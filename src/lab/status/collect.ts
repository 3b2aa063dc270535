import { describeError } from '../../shared/errors.js';
import type { LabContext } from '../context.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import { describeEngine } from '../engine/engine.js';
import { readPublicBundle, type PublicBundle } from '../exchange/public-bundle.js';
import type { Engine } from '../federation/model.js';
import {
  LABEL_ENGINE,
  LABEL_FEDERATION,
  LABEL_OPERATOR,
  LABEL_POSITION,
  LABEL_ROLE,
  NODE_API_PORT,
} from '../federation/names.js';
import { FederationPaths } from '../material/paths.js';
import { localApiUrl } from '../node-api/node-api.js';
import { databaseContainers } from '../up/database.js';
import type { LedgerCounts } from '../up/database-probe.js';
import { LEDGER_DATABASE } from '../material/node-config.js';
import { apiOf, keyringProblem } from '../up/wait-ready.js';
import { countsOf } from './health-counts.js';
import type { ContainerState, DatabaseStatus, FederationStatus, OperatorStatus } from './types.js';

/** The state of a federation as Docker, its database and its nodes report it right now. */
export async function collectStatus(federation: string, ctx: LabContext): Promise<FederationStatus> {
  const containers = await ctx.docker.listContainers({ [LABEL_FEDERATION]: federation });
  const engine = containers.map((c) => c.labels[LABEL_ENGINE]).find(Boolean) as Engine | undefined;
  const names = operatorNames(containers);
  const bundles = await knownBundles(federation, names, ctx);
  const fromNodes = await Promise.all(names.map((name) => operatorStatus(name, containers, bundles)));
  const keys = fromNodes
    .map((o) => o.publicKey ?? bundles.get(o.name)?.publicKey)
    .filter((k): k is string => Boolean(k));
  const { database, counts } = await databaseStatus(federation, engine, keys, ctx);
  const operators = fromNodes.map((o) =>
    withCounts(o, counts.get(o.publicKey ?? bundles.get(o.name)?.publicKey ?? '')),
  );
  return {
    name: federation,
    engine,
    engineNote: engine ? describeEngine(engine, names.length) : 'no container of this federation exists',
    database,
    operators,
    allHealthy: operators.length > 0 && operators.every((o) => o.health === 'healthy'),
    keyringsAgree: operators.length > 0 && operators.every((o) => o.keyringAgrees === true),
  };
}

/** Operators in the federation file's order (the position label), then by name. */
function operatorNames(containers: readonly ContainerInfo[]): string[] {
  const position = (op: string) => {
    const label = containers.find(
      (c) => c.labels[LABEL_OPERATOR] === op && c.labels[LABEL_POSITION] !== undefined,
    )?.labels[LABEL_POSITION];
    return label === undefined ? Number.MAX_SAFE_INTEGER : Number(label);
  };
  const names = [
    ...new Set(containers.map((c) => c.labels[LABEL_OPERATOR]).filter((n): n is string => Boolean(n))),
  ];
  return names.sort((a, b) => position(a) - position(b) || a.localeCompare(b));
}

const apiPortOf = (c: ContainerInfo | undefined): number | undefined =>
  c?.ports.find((p) => p.containerPort === NODE_API_PORT && p.hostPort)?.hostPort;

const stateOf = (c: ContainerInfo): ContainerState => ({
  name: c.name,
  role: c.labels[LABEL_ROLE] ?? '?',
  state: c.state,
  status: c.status,
});

async function knownBundles(
  federation: string,
  names: readonly string[],
  ctx: LabContext,
): Promise<Map<string, PublicBundle>> {
  const paths = new FederationPaths(ctx.stateDir, federation);
  const found = await Promise.all(
    names.map((n) => readPublicBundle(paths.publicBundle(n)).catch(() => undefined)),
  );
  return new Map(found.filter((b): b is PublicBundle => b !== undefined).map((b) => [b.operator, b]));
}

async function operatorStatus(
  name: string,
  all: readonly ContainerInfo[],
  bundles: Map<string, PublicBundle>,
): Promise<OperatorStatus> {
  const mine = all.filter((c) => c.labels[LABEL_OPERATOR] === name && c.labels[LABEL_ROLE] !== 'setup');
  const node = mine.find((c) => c.labels[LABEL_ROLE] === 'node');
  const port = apiPortOf(node);
  const base = { name, containers: mine.map(stateOf) };
  if (!node || node.state !== 'running' || port === undefined)
    return { ...base, health: 'not running', problems: ['node container is not running'] };
  const api = apiOf(port);
  try {
    const [identity, health] = await Promise.all([api.identity(), api.health()]);
    const self = bundles.get(name) ?? {
      operator: name,
      rethinkdbHost: '',
      nodeApiUrl: 'http://x',
      publicKey: identity.publicKey,
    };
    const problem = bundles.size > 0 ? keyringProblem(self, [...bundles.values()], identity) : '';
    const problems = [...(health.healthy ? [] : healthProblems(health.body)), ...(problem ? [problem] : [])];
    return {
      ...base,
      apiUrl: localApiUrl(port),
      health: health.healthy ? 'healthy' : 'unhealthy',
      problems,
      publicKey: identity.publicKey,
      keyringAgrees: bundles.size > 0 ? problem === '' : undefined,
      ...countsOf(health.body),
    };
  } catch (error) {
    return { ...base, apiUrl: localApiUrl(port), health: 'unreachable', problems: [describeError(error)] };
  }
}

function healthProblems(body: Record<string, unknown>): string[] {
  if (Array.isArray(body.problems)) return body.problems.map(String);
  return typeof body.message === 'string' ? [body.message] : ['node reports unhealthy'];
}

/** Counts the node reported in /health win; else the ledger's own, read from the database. */
function withCounts(o: OperatorStatus, fromDatabase: LedgerCounts | undefined): OperatorStatus {
  if (o.blocks !== undefined || !fromDatabase) return o;
  return { ...o, ...fromDatabase };
}

async function databaseStatus(
  federation: string,
  engine: Engine | undefined,
  publicKeys: readonly string[],
  ctx: LabContext,
): Promise<{ database: DatabaseStatus; counts: Map<string, LedgerCounts> }> {
  const dbs = await databaseContainers(federation, ctx);
  const containers = dbs.map((d) => stateOf(d.container));
  const port = dbs.find((d) => d.container.state === 'running' && d.port)?.port;
  const counts = new Map<string, LedgerCounts>();
  if (port === undefined)
    return { database: { containers, servers: [], problem: 'no database server is running' }, counts };
  try {
    const servers =
      engine === 'reqlite'
        ? (await ctx.databaseProbe.answers(port), ['reqlite (shared)'])
        : await ctx.databaseProbe.serverNames(port);
    const ledger = await ctx.databaseProbe
      .ledgerCounts(port, LEDGER_DATABASE, publicKeys)
      .catch(() => counts);
    return { database: { containers, servers }, counts: ledger };
  } catch (error) {
    return { database: { containers, servers: [], problem: describeError(error) }, counts };
  }
}
