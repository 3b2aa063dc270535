import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { federationPolicySchema } from '../../protocol/policy.js';
import type { LabContext } from '../context.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import { FederationNotFoundError } from '../errors.js';
import { databaseSchema } from '../federation-file/schema.js';
import type { Engine, Federation } from '../federation/model.js';
import { LABEL_ENGINE, LABEL_FEDERATION } from '../federation/names.js';
import { FederationPaths } from '../material/paths.js';
import { RosterUnknownError } from './errors.js';
import { rosterFromFederation } from './roster.js';
import type { Roster } from './types.js';

export const operatorSchema = z.object({
  name: z.string(),
  index: z.number().int(),
  rethinkdbHost: z.string(),
  nodeHost: z.string(),
  apiPort: z.number().int(),
  project: z.string(),
});
export const rosterSchema = z.object({
  federation: z.string(),
  engine: z.enum(['rethinkdb', 'reqlite']),
  network: z.string(),
  replicas: z.number().int().min(1),
  database: databaseSchema,
  policy: federationPolicySchema,
  adminOperator: z.string(),
  operators: z.array(operatorSchema).min(1),
});

export const rosterFile = (paths: FederationPaths): string => join(paths.root, 'roster.json');

/** A running federation: its containers (by label) and what the lab knows of its members. */
export interface LoadedRoster {
  roster: Roster;
  paths: FederationPaths;
  containers: ContainerInfo[];
}

/**
 * The roster of a running federation: `roster.json` once a membership change wrote it, else the
 * federation file it was brought up with (`fallback`, same name). Refuses a federation with no
 * container (not running).
 */
export async function loadRoster(
  ctx: LabContext,
  federation: string,
  fallback?: Federation,
): Promise<LoadedRoster> {
  const containers = await ctx.docker.listContainers({ [LABEL_FEDERATION]: federation });
  const engine = containers.map((c) => c.labels[LABEL_ENGINE]).find(Boolean) as Engine | undefined;
  if (containers.length === 0 || (engine !== 'rethinkdb' && engine !== 'reqlite'))
    throw new FederationNotFoundError(federation);
  const paths = new FederationPaths(ctx.stateDir, federation);
  const file = rosterFile(paths);
  const saved = await readRoster(file, federation);
  if (saved) return { roster: saved, paths, containers };
  if (fallback?.name !== federation)
    throw new RosterUnknownError(
      federation,
      file,
      fallback ? `the federation file names "${fallback.name}"` : 'no roster.json and no federation file',
    );
  return { roster: rosterFromFederation(fallback, engine), paths, containers };
}

/** The roster a membership change saved for this federation, if any (no Docker needed). */
export function savedRoster(stateDir: string, federation: string): Promise<Roster | undefined> {
  return readRoster(rosterFile(new FederationPaths(stateDir, federation)), federation);
}

async function readRoster(file: string, federation: string): Promise<Roster | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RosterUnknownError(federation, file, 'roster.json cannot be read');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RosterUnknownError(federation, file, 'roster.json is not JSON');
  }
  const parsed = rosterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RosterUnknownError(
      federation,
      file,
      `roster.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data as Roster;
}

export async function saveRoster(paths: FederationPaths, roster: Roster): Promise<void> {
  await writeFile(rosterFile(paths), JSON.stringify(roster, null, 2) + '\n', { mode: 0o644 });
}
