import { CommandFailedError } from '../../shared/errors.js';
import { NODE_CONFIG_IN_CONTAINER } from '../compose/operator-compose.js';
import type { LabContext } from '../context.js';
import { MaterialError } from '../errors.js';
import { writeMajority } from '../federation-file/replicas.js';
import { designatedOperator, type Engine, type Federation } from '../federation/model.js';
import { nodeService } from '../federation/names.js';
import { configuredCredentials, nodeDatabaseUser } from '../material/database-credentials.js';
import { readNodeConfig } from '../material/node-config.js';
import { pinGenesisRoot, pinnedRootOf, type GenesisRoot } from '../material/genesis-pin.js';
import type { FederationPaths } from '../material/paths.js';
import type { Member } from '../../protocol/membership/index.js';
import { readBundles } from '../exchange/apply-exchange.js';
import { genesisEnv, type ClusterStatus } from './cluster-cli.js';
import { clusterCliFor } from './database.js';
import { operatorProjectOf } from './projects.js';

/** What the database looks like once initialized (shown at `up` and by the demo; no secrets). */
export interface DatabaseSummary {
  readonly servers: readonly string[];
  /** Shards and replicas per table and the write acknowledgements they need (rethinkdb only). */
  readonly shards?: number;
  readonly replicas?: number;
  readonly writeAcks?: string;
  /** The nodes' database users (rethinkdb only; reqlite has none). */
  readonly users: readonly string[];
}

/**
 * The designated operator (the first) initializes the federation's database with its own node
 * image and config, as the seed's operators would (the node's `bigchaindb init`, whose own
 * function is `initDatabase`, makes the schema; this adds the cluster layout and users).
 * rethinkdb: `init` with 1 shard and R replicas (write acks majority), then one database user
 * per operator's node, in one container. reqlite: `init` only (no reconfigure, no users). An
 * existing database is kept (an `up` after `down` without --volumes).
 */
export async function initFederationDatabase(
  federation: Federation,
  engine: Engine,
  paths: FederationPaths,
  ctx: LabContext,
  note: (message: string) => void,
): Promise<DatabaseSummary> {
  const op = designatedOperator(federation);
  const genesis = await pinRoot(federation, paths, note);
  if (engine === 'reqlite') {
    const project = operatorProjectOf(op, paths);
    try {
      await ctx.compose.run(
        project,
        nodeService(op.name),
        ['-c', NODE_CONFIG_IN_CONTAINER, 'init', '--admission', genesis.admission],
        { env: genesisEnv(genesis) },
      );
    } catch (error) {
      if (!(error instanceof CommandFailedError) || !/already exist/i.test(error.message)) throw error;
      note(`database already initialized; kept as it is (${op.name})`);
    }
    note('reqlite cannot reconfigure tables: one in-memory copy, no replicas, no database users');
    return { servers: ['reqlite'], users: [] };
  }
  const n = federation.operators.length;
  const cli = await clusterCliFor(federation, paths, ctx);
  const layout = {
    shards: 1,
    replicas: federation.replicas,
    heartbeatTimeoutSec: federation.database.heartbeatTimeoutSec,
  };
  const users = await Promise.all(federation.operators.map((o) => nodeUserOf(paths, o.name)));
  // One container: init, the node users, then the status read.
  const report = await cli.initWithUsers(n, layout, users, genesis);
  if (report.database === 'existed')
    note(`the ledger database already exists: its data is kept as it is (${op.name})`);
  const summary = summarize(
    report.status,
    users.map((u) => u.user),
  );
  note(describeTables(summary, federation.replicas));
  note(
    `database users: ${summary.users.join(', ')} (each node connects as its own; its password stays in its operator's .bigchaindb)`,
  );
  return summary;
}

/**
 * Epoch 0 (issue 16), pinned in every operator's config before init writes it: the designated
 * operator's pinned root when its config has one (an existing federation keeps its founders),
 * else the federation's name, admission rule and every operator's published key. A config that
 * pins another root is kept as it is, and said.
 */
async function pinRoot(
  federation: Federation,
  paths: FederationPaths,
  note: (message: string) => void,
): Promise<GenesisRoot> {
  const designated = await readNodeConfig(paths.nodeConfig(designatedOperator(federation).name));
  const genesis = pinnedRootOf(designated) ?? {
    federation: federation.name,
    admission: federation.admission,
    members: await genesisMembers(federation, paths),
  };
  const files = federation.operators.map((o) => paths.nodeConfig(o.name));
  const differing = await pinGenesisRoot(files, genesis);
  if (differing.length > 0)
    note(
      `these configs pin another membership root than ${designatedOperator(federation).name}'s and are kept as they are (their nodes will not follow this federation's chain): ${differing.join(', ')}`,
    );
  return genesis;
}

/** Epoch 0's members: every operator's public key as published in its bundle. */
async function genesisMembers(federation: Federation, paths: FederationPaths): Promise<Member[]> {
  const bundles = await readBundles(federation, paths);
  return bundles.map((b) => ({ operator: b.operator, publicKey: b.publicKey }));
}

/** The node user and password the operator's .bigchaindb holds (written when its material was made). */
async function nodeUserOf(
  paths: FederationPaths,
  operator: string,
): Promise<{ user: string; password: string }> {
  const file = paths.nodeConfig(operator);
  const credentials = configuredCredentials(await readNodeConfig(file));
  if (credentials?.user !== nodeDatabaseUser(operator))
    throw new MaterialError(
      file,
      `database.user is not ${nodeDatabaseUser(operator)} with a password; run fedlab up again`,
    );
  return credentials;
}

/** Pure: the summary of a cluster-status answer. */
export function summarize(status: ClusterStatus, users: readonly string[]): DatabaseSummary {
  const tables = status.database.tables.filter(
    (t): t is typeof t & { shards: number; replicas: number } => t.shards !== null && t.replicas !== null,
  );
  const acks = [...new Set(tables.map((t) => writeAcksText(t.writeAcks)))];
  return {
    servers: [...status.servers].sort(),
    ...(tables.length > 0
      ? {
          shards: Math.max(...tables.map((t) => t.shards)),
          replicas: Math.min(...tables.map((t) => t.replicas)),
          writeAcks: acks.join('/'),
        }
      : {}),
    users,
  };
}

const writeAcksText = (acks: unknown): string => (typeof acks === 'string' ? acks : JSON.stringify(acks));

/** Pure: "tables: 1 shard, 3 replicas each, write acks majority (2 of 3)". */
export function describeTables(summary: DatabaseSummary, wanted: number): string {
  if (summary.replicas === undefined) return 'the ledger database has no tables yet';
  const r = summary.replicas;
  const s = summary.shards ?? 1;
  const majority = summary.writeAcks === 'majority' ? ` (${writeMajority(r)} of ${r})` : '';
  const kept = r === wanted ? '' : `; the federation file says ${wanted}: the existing tables keep ${r}`;
  return `tables: ${s} shard${s === 1 ? '' : 's'}, ${r} replica${r === 1 ? '' : 's'} each, write acks ${summary.writeAcks}${majority}${kept}`;
}
