import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
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
} from '../federation/names.js';
import { FederationPaths } from '../material/paths.js';
import { databaseStatus } from './database-status.js';
import { membershipStatus } from './membership-status.js';
import { operatorStatus, stateOf } from './operator-status.js';
import type { FederationStatus } from './types.js';

const DATABASE_ROLES = ['database', 'shared-database'];

/**
 * The state of a federation as Docker (containers) and its nodes (GET / and GET /health) report
 * it right now. The lab never connects to the database here: the cluster's servers and the
 * ledger counts are what the nodes report.
 */
export async function collectStatus(federation: string, ctx: LabContext): Promise<FederationStatus> {
  const containers = await ctx.docker.listContainers({ [LABEL_FEDERATION]: federation });
  const engine = containers.map((c) => c.labels[LABEL_ENGINE]).find(Boolean) as Engine | undefined;
  const bundles = await knownBundles(federation, ctx);
  // Members from the public bundles too: an operator whose containers are all gone still shows.
  const names = operatorNames(containers, [...bundles.keys()]);
  const operators = await Promise.all(names.map((name) => operatorStatus(name, containers, bundles)));
  const databases = containers.filter((c) => DATABASE_ROLES.includes(c.labels[LABEL_ROLE] ?? ''));
  const database = databaseStatus(databases.map(stateOf), operators);
  const membership = membershipStatus(operators, bundles, engine, database.servers);
  return {
    name: federation,
    engine,
    engineNote: engine ? describeEngine(engine, names.length) : 'no container of this federation exists',
    database,
    operators,
    allHealthy: operators.length > 0 && operators.every((o) => o.health === 'healthy'),
    keyringsAgree: operators.length > 0 && operators.every((o) => o.keyringAgrees === true),
    ...(membership ? { membership } : {}),
  };
}

/** Operators in the federation file's order (the position label), then by name. */
function operatorNames(containers: readonly ContainerInfo[], members: readonly string[]): string[] {
  const position = (op: string) => {
    const label = containers.find(
      (c) => c.labels[LABEL_OPERATOR] === op && c.labels[LABEL_POSITION] !== undefined,
    )?.labels[LABEL_POSITION];
    return label === undefined ? Number.MAX_SAFE_INTEGER : Number(label);
  };
  const fromContainers = containers
    .map((c) => c.labels[LABEL_OPERATOR])
    .filter((n): n is string => Boolean(n));
  const names = [...new Set([...fromContainers, ...members])];
  return names.sort((a, b) => position(a) - position(b) || a.localeCompare(b));
}

/** The members' public bundles in the state directory (none when it is elsewhere or gone). */
async function knownBundles(federation: string, ctx: LabContext): Promise<Map<string, PublicBundle>> {
  const paths = new FederationPaths(ctx.stateDir, federation);
  const files = await readdir(paths.publicDir).catch(() => [] as string[]);
  const found = await Promise.all(
    files
      .filter((f) => f.endsWith('.json'))
      .map((f) => readPublicBundle(join(paths.publicDir, f)).catch(() => undefined)),
  );
  return new Map(found.filter((b): b is PublicBundle => b !== undefined).map((b) => [b.operator, b]));
}
