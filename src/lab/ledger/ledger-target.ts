/**
 * Where a RUNNING federation's ledger is reached from, found by its name alone: its containers
 * (labels: engine, the designated operator = position 0), its state directory (the operator's
 * compose file, the admin password file, the members' public bundles).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabContext } from '../context.js';
import type { ComposeProject } from '../docker/compose-runner.js';
import { FederationNotFoundError, MaterialError } from '../errors.js';
import { readPublicBundle } from '../exchange/public-bundle.js';
import type { Engine } from '../federation/model.js';
import {
  LABEL_ENGINE,
  LABEL_FEDERATION,
  LABEL_OPERATOR,
  LABEL_POSITION,
  nodeService,
  operatorProject,
} from '../federation/names.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import { FederationPaths } from '../material/paths.js';

export interface LedgerTarget {
  federation: string;
  engine: Engine;
  /** The designated operator (the federation file's first): its node runs export / import. */
  operator: string;
  project: ComposeProject;
  service: string;
  /** rethinkdb: the admin password file of the designated operator; reqlite: none. */
  adminPasswordFile?: string;
  /** Member keys from the public bundles in the state directory, sorted. */
  members: string[];
}

/** Pure: the designated operator (position 0, else the lowest position) and the engine. */
export function designatedOf(
  federation: string,
  containers: readonly ContainerInfo[],
): { operator: string; engine: Engine } {
  const placed = containers
    .filter((c) => c.labels[LABEL_OPERATOR] && c.labels[LABEL_POSITION] !== undefined)
    .sort((a, b) => Number(a.labels[LABEL_POSITION]) - Number(b.labels[LABEL_POSITION]));
  const operator = placed[0]?.labels[LABEL_OPERATOR];
  const engine = containers.map((c) => c.labels[LABEL_ENGINE]).find(Boolean);
  if (operator === undefined || (engine !== 'rethinkdb' && engine !== 'reqlite'))
    throw new FederationNotFoundError(federation);
  return { operator, engine };
}

export async function findLedgerTarget(ctx: LabContext, federation: string): Promise<LedgerTarget> {
  const containers = await ctx.docker.listContainers({ [LABEL_FEDERATION]: federation });
  const { operator, engine } = designatedOf(federation, containers);
  const paths = new FederationPaths(ctx.stateDir, federation);
  return {
    federation,
    engine,
    operator,
    project: { name: operatorProject(federation, operator), file: paths.composeFile(operator) },
    service: nodeService(operator),
    ...(engine === 'rethinkdb' ? { adminPasswordFile: paths.adminPassword(operator) } : {}),
    members: await memberKeys(paths),
  };
}

async function memberKeys(paths: FederationPaths): Promise<string[]> {
  const files = (await readdir(paths.publicDir).catch(() => [] as string[])).filter((f) =>
    f.endsWith('.json'),
  );
  if (files.length === 0)
    throw new MaterialError(
      paths.publicDir,
      'holds no public bundles, so the members are unknown; run fedlab with the --state-dir the federation was made with',
    );
  const bundles = await Promise.all(files.map((f) => readPublicBundle(join(paths.publicDir, f))));
  return bundles.map((b) => b.publicKey).sort();
}
