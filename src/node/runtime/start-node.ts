/**
 * startNode(config, deps): connect the store (init it if needed), start the pipeline stages
 * (block, vote, election, stale, heartbeat) and return the RunningNode.
 */
import { keypairFromPrivateKey, makeGenesisBlock, makePolicy, type Keypair } from '../core/index.js';
import { ConfigError, describeError, isFedlabError } from '../../shared/errors.js';
import { createLogger, type Logger } from '../../shared/log.js';
import type { NodeConfig } from '../config/index.js';
import { CommitWaiter } from '../pipeline/commit-waiter.js';
import type { PipelineContext } from '../pipeline/context.js';
import { beatOnce } from '../pipeline/heartbeat-stage.js';
import { Ingest } from '../pipeline/ingest.js';
import { LivenessView } from '../pipeline/liveness-view.js';
import { MembershipView } from '../pipeline/membership-view.js';
import { membershipRootOf, type MembershipRoot } from '../pipeline/membership-root.js';
import { genesisRecord, membersNamedByKey } from '../../protocol/membership/index.js';
import { connectLedgerStore } from '../store/index.js';
import type { BlockStore, LedgerStore, SchemaAdminStore } from '../store/ledger-store.js';
import { NodeRuntime } from './node-runtime.js';
import type { RunningNode } from './running-node.js';
import { createStages, type StageTimings } from './stages.js';
import { waitForGenesis } from './wait-genesis.js';

export interface NodeDeps {
  /** Base logger; every line gets the node's public key. Default: JSON lines on stderr. */
  logger?: Logger;
  /** A store to use instead of connecting one (the caller keeps ownership: not closed). */
  store?: LedgerStore;
  random?: () => number;
  now?: () => number;
  /** Stage periods (tests); defaults suit production. */
  timings?: Partial<StageTimings>;
  /** Create the database if it does not exist (default true, as `bigchaindb start`). */
  initIfNeeded?: boolean;
  /** How long to wait for a ready schema (every table and index). Default 60 000. */
  schemaTimeoutMs?: number;
}

export async function startNode(config: NodeConfig, deps: NodeDeps = {}): Promise<RunningNode> {
  const keypair = keypairOf(config);
  const base = deps.logger ?? createLogger({ level: config.log.level });
  const log = base.child({ node: keypair.publicKey });
  // Epoch 0 is this node's own root (its pinned genesis, or keyring plus self) until the table's
  // approved records say more (read below, then every second).
  const root = membershipRootOf(config, keypair.publicKey);
  if (root.source === 'derived')
    log.warn('membership_root_derived', {
      problem:
        'the config pins no membership genesis (membership.federation/admission/genesis_members): ' +
        'epoch 0 is the table row naming keyring plus self',
    });
  const membership = new MembershipView(root, log);
  const store =
    deps.store ??
    (await connectLedgerStore(
      { ...storeOptions(config), membersOf: (epoch) => membership.membersOf(epoch) },
      log,
    ));
  try {
    await prepareDatabase(store, keypair, root, deps, log);
    membership.update(await store.membershipRows());
    const ctx = pipelineContext(config, deps, { store, keypair, log, membership });
    // Known before any stage runs; if it fails, the heartbeat stage keeps trying (reported in health).
    await beatOnce(ctx).catch((e: unknown) => log.warn('liveness_unknown', { problem: describeError(e) }));
    const waiter = new CommitWaiter(store, log);
    const ingest = new Ingest(ctx, waiter, config.server.commit_timeout_ms, config.server.accept_timeout_ms);
    const stages = createStages(ctx, config, deps.timings);
    const node = new NodeRuntime(ctx, stages, ingest, waiter, deps.store === undefined);
    node.start();
    log.info('node_started', { engine: store.engine, members: ctx.members().length });
    return node;
  } catch (e) {
    if (deps.store === undefined) await store.close().catch(() => undefined);
    throw e;
  }
}

function pipelineContext(
  config: NodeConfig,
  deps: NodeDeps,
  parts: { store: LedgerStore; keypair: Keypair; log: Logger; membership: MembershipView },
): PipelineContext<LedgerStore> {
  const now = deps.now ?? Date.now;
  const members = (): string[] => parts.membership.current().members;
  const deadAfterMs = config.liveness.dead_after_ms;
  return {
    store: parts.store,
    keypair: parts.keypair,
    log: parts.log,
    members,
    membership: parts.membership,
    // A view as old as a death verdict says nothing: liveness is then unknown.
    liveness: new LivenessView({
      self: parts.keypair.publicKey,
      members,
      deadAfterMs,
      maxAgeMs: deadAfterMs,
      now,
    }),
    policy: makePolicy(config.policy),
    random: deps.random ?? Math.random,
    now,
  };
}

function keypairOf(config: NodeConfig): Keypair {
  const { public: publicKey, private: privateKey } = config.keypair;
  if (publicKey === null || privateKey === null) {
    throw new ConfigError('node config', ['keypair: missing; run `bigchaindb configure` to create one']);
  }
  const derived = keypairFromPrivateKey(privateKey);
  if (derived.publicKey !== publicKey) {
    throw new ConfigError('node config', ['keypair.public: does not match keypair.private']);
  }
  return derived;
}

/** How long `start` waits for a schema another node (or `init`) is still creating. */
const SCHEMA_WAIT_MS = 60_000;

function storeOptions(config: NodeConfig): Parameters<typeof connectLedgerStore>[0] {
  const { host, port, name, user, password } = config.database;
  return { host, port, db: name, user: user ?? undefined, password: password ?? undefined };
}

async function prepareDatabase(
  store: Pick<SchemaAdminStore, 'dbName' | 'exists' | 'init' | 'waitSchemaReady'> &
    Pick<BlockStore, 'getGenesisBlockId'>,
  keypair: Keypair,
  root: MembershipRoot,
  deps: NodeDeps,
  log: Logger,
): Promise<void> {
  // Only a database missing altogether is created here; a partial one is `bigchaindb init`'s job.
  if ((deps.initIfNeeded ?? true) && !(await store.exists())) {
    try {
      // Epoch 0 from this node's config (the lab's init names the members; this is the fallback).
      const membership =
        root.genesis ?? genesisRecord(store.dbName, membersNamedByKey(root.bootstrap), 'majority');
      await store.init({ genesis: makeGenesisBlock(keypair), membership, ifDatabaseMissing: true });
      log.info('database_initialized', { db: store.dbName });
    } catch (e) {
      // Another node initialised it at the same moment: fine, wait for its schema and genesis below.
      if (!(isFedlabError(e) && (e.code === 'DB_EXISTS' || e.code === 'SCHEMA_OBJECT_EXISTS'))) throw e;
    }
  }
  // Every table and index ready, not merely the database name (SCHEMA_NOT_READY names what is not).
  await store.waitSchemaReady(deps.schemaTimeoutMs ?? SCHEMA_WAIT_MS);
  await waitForGenesis(store, 30_000);
}
