/**
 * A membership change the federation has committed but the lab has not finished (issue 16):
 * `<stateDir>/<federation>/membership-change.json`, written right after the commit and updated
 * after each step, removed when every step is done. Running the same command again finishes the
 * remaining steps (nothing is voted again); any other change is refused until then. It holds
 * the plan as it was made before the first step, so a step that already rewrote the roster or
 * moved a bundle does not change what the remaining steps do.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CHANGE_KINDS, type ChangeKind, type Member } from '../../protocol/membership/index.js';
import { planExchange } from '../exchange/plan.js';
import { publicBundleSchema, type PublicBundle } from '../exchange/public-bundle.js';
import type { OperatorSpec } from '../federation/model.js';
import type { FederationPaths } from '../material/paths.js';
import { RosterUnknownError } from './errors.js';
import type { MembershipPlan } from './plan.js';
import { operatorSchema, rosterSchema } from './roster-store.js';
import type { Roster } from './types.js';

const journalSchema = z.object({
  change: z.enum(CHANGE_KINDS),
  operator: z.string(),
  epoch: z.number().int().min(1),
  recordId: z.string(),
  members: z.array(z.object({ operator: z.string(), publicKey: z.string() })),
  /** remove: the removed key; rotate-key: the old key (what must drain before it goes). */
  departingKey: z.string().optional(),
  /** rotate-key: the new key. */
  newKey: z.string().optional(),
  /** The operator's spec (admit: the candidate's). */
  spec: operatorSchema,
  plan: z.object({ roster: rosterSchema, bundles: z.array(publicBundleSchema), replicas: z.number().int() }),
  /** Keys of the steps done so far. */
  done: z.array(z.string()),
});

export interface ChangeJournal {
  change: ChangeKind;
  operator: string;
  epoch: number;
  recordId: string;
  members: Member[];
  departingKey?: string;
  newKey?: string;
  spec: OperatorSpec;
  plan: { roster: Roster; bundles: PublicBundle[]; replicas: number };
  done: string[];
}

export const journalFile = (paths: FederationPaths): string => join(paths.root, 'membership-change.json');

/** Pure: the plan the journal was made with (the exchange is derived from its bundles). */
export function planOf(journal: ChangeJournal): MembershipPlan {
  const { roster, bundles, replicas } = journal.plan;
  return { roster, bundles, exchange: planExchange(bundles), replicas };
}

export async function readJournal(paths: FederationPaths): Promise<ChangeJournal | undefined> {
  const file = journalFile(paths);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RosterUnknownError(paths.federation, file, 'membership-change.json cannot be read');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RosterUnknownError(paths.federation, file, 'membership-change.json is not JSON');
  }
  const parsed = journalSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new RosterUnknownError(
      paths.federation,
      file,
      `membership-change.json: ${where}: ${issue?.message}`,
    );
  }
  return parsed.data as ChangeJournal;
}

export async function writeJournal(paths: FederationPaths, journal: ChangeJournal): Promise<void> {
  await writeFile(journalFile(paths), JSON.stringify(journal, null, 2) + '\n', { mode: 0o644 });
}

export async function clearJournal(paths: FederationPaths): Promise<void> {
  await rm(journalFile(paths), { force: true });
}
