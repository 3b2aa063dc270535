import { access, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { applyExchange, publishBundles } from '../exchange/apply-exchange.js';
import type { FederationPaths } from '../material/paths.js';
import type { MembershipPlan } from './plan.js';
import { rosterFederation } from './roster.js';
import { saveRoster } from './roster-store.js';

/** Where a removed member's public bundle goes: out of public/, so nothing counts it a member. */
export const formerBundle = (paths: FederationPaths, operator: string): string =>
  join(paths.root, 'former', `${operator}.json`);

/**
 * The lab's files after an approved change: the members' public bundles, every member's join=
 * lines and keyring (the exchange over the new bundles; what a restarted node and server read)
 * and roster.json. A removed member's own directory is kept as it is.
 */
export async function applyPlanFiles(
  paths: FederationPaths,
  plan: MembershipPlan,
  removed?: string,
): Promise<void> {
  if (removed !== undefined) {
    await mkdir(join(paths.root, 'former'), { recursive: true });
    // Run again after a failure midway (issue 16): the bundle may have moved already.
    try {
      await rename(paths.publicBundle(removed), formerBundle(paths, removed));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await access(formerBundle(paths, removed));
    }
  }
  await publishBundles(paths, plan.bundles);
  await applyExchange(rosterFederation(plan.roster), paths);
  await saveRoster(paths, plan.roster);
}
