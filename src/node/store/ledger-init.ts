/**
 * `init`: create what is missing of the schema, wait until it is ready, write the genesis block
 * if there is none, then (when asked) reconfigure shards/replicas. A schema left partial by an
 * interrupted init is completed; when everything already existed, DatabaseExistsError (the lab
 * relies on its "already exists"). With shards/replicas, the tables made now get that layout in
 * tableCreate itself; the reconfigure afterwards touches only tables that existed with another
 * (creating with 1 replica and reconfiguring all to 3 cost a backfill and about 3 s more).
 */
import type { BlockQueries } from './block-queries.js';
import type { MembershipRecord } from '../../protocol/membership/index.js';
import { EpochTakenError, type MembershipQueries } from './membership-queries.js';
import { DatabaseExistsError, DatabaseMissingError } from './errors.js';
import type { InitOptions } from './ledger-store.js';
import type { Schema } from './schema.js';
import { refuseReconfigureOnReqlite } from './schema-env.js';
import { creationLayout } from './table-config.js';

export const INIT_TIMEOUT_MS = 120_000;

/** Epoch 0, unless the table already has one (a completed partial init keeps the first). */
async function writeEpochZero(membership: MembershipQueries, record: MembershipRecord): Promise<void> {
  try {
    await membership.insert(record);
  } catch (e) {
    if (!(e instanceof EpochTakenError)) throw e;
  }
}

async function hasGenesis(blocks: BlockQueries): Promise<boolean> {
  try {
    await blocks.genesis();
    return true;
  } catch (e) {
    if (e instanceof DatabaseMissingError) return false;
    throw e;
  }
}

export async function initLedger(
  schema: Schema,
  blocks: BlockQueries,
  membership: MembershipQueries,
  options: InitOptions,
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? INIT_TIMEOUT_MS;
  const layout = { shards: options.shards, replicas: options.replicas };
  const reconfigure = layout.shards !== undefined || layout.replicas !== undefined;
  // Refused before anything is created, so a failed init leaves nothing half-done behind.
  if (reconfigure) refuseReconfigureOnReqlite(schema.engine, 'init --shards/--replicas');
  if (layout.replicas !== undefined) await schema.checkReplicasPossible(layout.replicas);
  // Issue 16: a membership table keyed by epoch is set aside here and copied after the new one is ready.
  if (!options.ifDatabaseMissing) await schema.setAsideEpochKeyedMembership();
  const created = await schema.createMissing({
    ifDatabaseMissing: options.ifDatabaseMissing ?? false,
    layout: creationLayout(layout),
  });
  const migrating = await schema.hasSetAsideMembership();
  if (created.length === 0 && !migrating && (await hasGenesis(blocks)))
    throw new DatabaseExistsError(schema.dbName);
  await schema.waitReady(timeoutMs);
  if (migrating) await schema.finishMembershipMigration();
  if (!(await hasGenesis(blocks))) await blocks.write(options.genesis, { genesis: true });
  if (options.membership !== undefined) await writeEpochZero(membership, options.membership);
  if (reconfigure) await schema.reconfigure(layout, timeoutMs, { onlyChanged: true });
}
