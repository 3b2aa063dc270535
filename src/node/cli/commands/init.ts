/**
 * `bigchaindb init [--wait-servers N] [--shards S] [--replicas R] [--heartbeat-timeout SEC]
 * [--users NAME...] [--keep-existing] [--json] [--timeout SEC]`: create what
 * is missing of the database, tables and indexes (a schema left partial by an interrupted init
 * is completed), wait until all are ready, write the genesis block (signed by this node); with
 * --shards/--replicas, the tables it makes get that layout, and those that existed are
 * reconfigured as set-shards/set-replicas do. Refuses when everything
 * already existed (the store's DatabaseExistsError: "already exists"), unless --keep-existing
 * (then it says so and goes on). --heartbeat-timeout sets
 * RethinkDB's cluster heartbeat timeout first (how long before a silent server counts as lost and
 * its tables elect new primaries; RethinkDB's default is 10 s). --users then creates or updates
 * those database users as create-user does (passwords from BIGCHAINDB_USER_PASSWORD_<NAME>), and
 * --json ends with one JSON object on stdout: {database: "created" | "existed", users, status}
 * (status as cluster-status --json prints it). The lab's `up` does all of it in one container.
 */
import { makeGenesisBlock } from '../../core/index.js';
import { requireKeypair, type LoadedConfig } from '../../config/load.js';
import type { InitOptions } from '../../store/ledger-store.js';
import { clusterOptions, type ClusterFlags } from '../cluster-options.js';
import { load, nodeLogger, withStore, type AdminStore, type CliContext } from '../context.js';
import { parseCount } from './reconfigure.js';
import { HEARTBEAT_TIMEOUT_SECS } from '../../store/cluster-heartbeat.js';
import { CliUsageError } from '../cli-errors.js';
import { DatabaseExistsError } from '../../store/errors.js';
import { ensureUsers, userPasswords } from './create-user.js';
import {
  ADMISSION_RULES,
  genesisRecord,
  membersNamedByKey,
  type AdmissionRule,
  type Member,
  type MembershipRecord,
} from '../../../protocol/membership/index.js';
import { membersOf } from '../../pipeline/members.js';
import { pinnedGenesisOf } from '../../pipeline/membership-root.js';

export interface InitFlags extends ClusterFlags {
  shards?: string;
  replicas?: string;
  heartbeatTimeout?: string;
  admission?: string;
  /** Database users to create or update afterwards (as create-user). */
  users?: string[];
  /** An existing database is kept and said, not refused. */
  keepExisting?: boolean;
  /** End with one JSON object on stdout (what init did, the users, the cluster status). */
  json?: boolean;
}

export async function initDatabase(
  store: AdminStore,
  loaded: LoadedConfig,
  options: Omit<InitOptions, 'genesis'> = {},
): Promise<void> {
  await store.init({ ...options, genesis: makeGenesisBlock(requireKeypair(loaded)) });
}

/**
 * Epoch 0 of the membership table. A config that pins the genesis (membership.federation,
 * .admission, .genesis_members; issue 16) decides it: BIGCHAINDB_GENESIS_MEMBERS, --admission and
 * BIGCHAINDB_FEDERATION, when given, must describe the same record. Otherwise: the members from
 * BIGCHAINDB_GENESIS_MEMBERS (JSON [{operator, publicKey}], the lab passes them with the
 * operators' names), which must be exactly this node's keyring plus itself; without it, those
 * keys named by their first 8 characters.
 */
export function genesisMembership(
  ctx: CliContext,
  loaded: LoadedConfig,
  rule: string | undefined,
  dbName: string,
): MembershipRecord {
  const pinned = pinnedGenesisOf(loaded.config);
  if (pinned === undefined) return genesisFromEnv(ctx, loaded, rule, dbName);
  if (rule !== undefined && !(ADMISSION_RULES as readonly string[]).includes(rule))
    throw new CliUsageError(`--admission must be one of ${ADMISSION_RULES.join(', ')} (got "${rule}")`);
  const described =
    ctx.env[GENESIS_MEMBERS_ENV] === undefined
      ? genesisRecord(
          ctx.env[FEDERATION_ENV] ?? pinned.federation,
          pinned.members,
          (rule ?? pinned.rule) as AdmissionRule,
        )
      : genesisRecord(
          ctx.env[FEDERATION_ENV] ?? pinned.federation,
          // Against the pinned founders, not the keyring: after an admission the keyring is larger.
          genesisMembersFrom(
            ctx.env[GENESIS_MEMBERS_ENV],
            pinned.members.map((m) => m.publicKey),
            "the config's pinned genesis members",
          ),
          (rule ?? pinned.rule) as AdmissionRule,
        );
  if (described.id !== pinned.id)
    throw new CliUsageError(
      `the config pins membership genesis ${pinned.id} (federation "${pinned.federation}", ${pinned.rule}, ` +
        `${pinned.members.length} members), but ${GENESIS_MEMBERS_ENV}/${FEDERATION_ENV}/--admission describe another (${described.id}); ` +
        'give the same, or none',
    );
  return pinned;
}

function genesisFromEnv(
  ctx: CliContext,
  loaded: LoadedConfig,
  rule: string | undefined,
  dbName: string,
): MembershipRecord {
  const admission = rule ?? 'majority';
  if (!(ADMISSION_RULES as readonly string[]).includes(admission))
    throw new CliUsageError(`--admission must be one of ${ADMISSION_RULES.join(', ')} (got "${admission}")`);
  const keys = membersOf(requireKeypair(loaded).publicKey, loaded.config.keyring);
  const members = genesisMembersFrom(ctx.env[GENESIS_MEMBERS_ENV], keys);
  const federation = ctx.env[FEDERATION_ENV] ?? dbName;
  return genesisRecord(federation, members, admission as AdmissionRule);
}

const GENESIS_MEMBERS_ENV = 'BIGCHAINDB_GENESIS_MEMBERS';
const FEDERATION_ENV = 'BIGCHAINDB_FEDERATION';

function genesisMembersFrom(
  raw: string | undefined,
  keys: readonly string[],
  whose = "this node's keyring plus itself",
): Member[] {
  if (raw === undefined || raw === '') return membersNamedByKey(keys);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CliUsageError(
      `${GENESIS_MEMBERS_ENV} is not JSON: expected [{"operator": ..., "publicKey": ...}]`,
    );
  }
  const members = Array.isArray(parsed) ? parsed : [];
  const valid = members.every(
    (m: unknown) =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as Member).operator === 'string' &&
      typeof (m as Member).publicKey === 'string',
  );
  const named = (members as Member[]).map((m) => m.publicKey).sort();
  if (!valid || named.join(',') !== [...keys].sort().join(','))
    throw new CliUsageError(
      `${GENESIS_MEMBERS_ENV} must name exactly ${whose} (${keys.length} keys), each as {"operator", "publicKey"}`,
    );
  return members as Member[];
}

function layoutOf(flags: InitFlags): { shards?: number; replicas?: number } {
  return {
    ...(flags.shards === undefined ? {} : { shards: parseCount('--shards', flags.shards) }),
    ...(flags.replicas === undefined ? {} : { replicas: parseCount('--replicas', flags.replicas) }),
  };
}

function heartbeatOf(flags: InitFlags): number | undefined {
  if (flags.heartbeatTimeout === undefined) return undefined;
  const secs = parseCount('--heartbeat-timeout', flags.heartbeatTimeout);
  if (secs > HEARTBEAT_TIMEOUT_SECS.max)
    throw new CliUsageError(
      `--heartbeat-timeout must be at most ${HEARTBEAT_TIMEOUT_SECS.max} seconds (got ${secs})`,
    );
  return secs;
}

export async function initCommand(ctx: CliContext, flags: InitFlags = {}): Promise<void> {
  const options = clusterOptions(flags);
  const layout = layoutOf(flags);
  const heartbeatSecs = heartbeatOf(flags);
  // Checked before anything runs, as create-user does.
  const users = flags.users === undefined ? [] : userPasswords(flags.users, ctx.env);
  const loaded = await load(ctx);
  requireKeypair(loaded);
  const { config } = loaded;
  const logger = nodeLogger(ctx, config, 'init');
  const membership = genesisMembership(ctx, loaded, flags.admission, config.database.name);
  const session =
    options.waitServers !== undefined || heartbeatSecs !== undefined || users.length > 0 || flags.json;
  const admin = session ? await ctx.openCluster(config, logger, options) : undefined;
  try {
    if (admin && heartbeatSecs !== undefined) {
      const change = await admin.setHeartbeatTimeout(heartbeatSecs);
      ctx.io.err(`cluster heartbeat timeout ${change.previousSecs} s -> ${change.nowSecs} s`);
    }
    const database = await initOrKeep(ctx, flags.keepExisting === true, () =>
      withStore(ctx, config, logger, (store) =>
        initDatabase(store, loaded, { ...layout, membership, timeoutMs: options.timeoutMs }),
      ),
    );
    say(ctx, config.database, database, layout);
    if (!admin) return;
    const made = await ensureUsers(admin, users, config.database.name, (line) => ctx.io.err(line));
    if (flags.json)
      ctx.io.out(
        JSON.stringify({ database, users: made, status: await admin.status(config.database.name) }, null, 2),
      );
  } finally {
    await admin?.close();
  }
}

/** 'existed': everything was there already and --keep-existing keeps it (else "already exists"). */
async function initOrKeep(
  ctx: CliContext,
  keepExisting: boolean,
  init: () => Promise<void>,
): Promise<'created' | 'existed'> {
  try {
    await init();
    return 'created';
  } catch (e) {
    if (!(keepExisting && e instanceof DatabaseExistsError)) throw e;
    ctx.io.err(`${e.message}; kept as it is (--keep-existing)`);
    return 'existed';
  }
}

function say(
  ctx: CliContext,
  { name, host, port }: { name: string; host: string; port: number },
  database: 'created' | 'existed',
  layout: { shards?: number; replicas?: number },
): void {
  if (database === 'existed') return;
  const shape =
    Object.keys(layout).length > 0
      ? ` with ${layout.shards ?? 'unchanged'} shard(s) x ${layout.replicas ?? 'unchanged'} replica(s), write_acks majority`
      : '';
  ctx.io.err(`initialized database "${name}" on ${host}:${port}${shape}`);
}
