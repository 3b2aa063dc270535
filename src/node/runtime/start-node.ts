/**
 * startNode(config, deps): connect the store (init it if needed), start the pipeline stages
 * (block, vote, election, stale) and return the RunningNode.
 */
import { keypairFromPrivateKey, makeGenesisBlock, makePolicy, type Keypair } from '../core/index.js';
import { ConfigError, isFedlabError } from '../../shared/errors.js';
import { createLogger, type Logger } from '../../shared/log.js';
import type { NodeConfig } from '../config/index.js';
import { CommitWaiter } from '../pipeline/commit-waiter.js';
import type { PipelineContext } from '../pipeline/context.js';
import { federationOf } from '../pipeline/federation.js';
import { Ingest } from '../pipeline/ingest.js';
import { connectLedgerStore } from '../store/index.js';
import type { LedgerStore } from '../store/ledger-store.js';
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
}

export async function startNode(config: NodeConfig, deps: NodeDeps = {}): Promise<RunningNode> {
  const keypair = keypairOf(config);
  const base = deps.logger ?? createLogger({ level: config.log.level });
  const log = base.child({ node: keypair.publicKey });
  const federation = federationOf(keypair.publicKey, config.keyring);
  const store = deps.store ?? (await connectLedgerStore({ ...storeOptions(config), federation }, log));
  try {
    await prepareDatabase(store, keypair, deps.initIfNeeded ?? true, log);
    const ctx: PipelineContext = {
      store,
      keypair,
      members: () => [...federation],
      policy: makePolicy(config.policy),
      log,
      random: deps.random ?? Math.random,
      now: deps.now ?? Date.now,
    };
    const waiter = new CommitWaiter(store, log);
    const ingest = new Ingest(ctx, waiter, config.server.commit_timeout_ms);
    const stages = createStages(ctx, config, deps.timings);
    const node = new NodeRuntime(ctx, stages, ingest, waiter, deps.store === undefined);
    node.start();
    log.info('node_started', { engine: store.engine, federation: ctx.members().length });
    return node;
  } catch (e) {
    if (deps.store === undefined) await store.close().catch(() => undefined);
    throw e;
  }
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

function storeOptions(config: NodeConfig): Parameters<typeof connectLedgerStore>[0] {
  const { host, port, name, user, password } = config.database;
  return { host, port, db: name, user: user ?? undefined, password: password ?? undefined };
}

async function prepareDatabase(
  store: LedgerStore,
  keypair: Keypair,
  initIfNeeded: boolean,
  log: Logger,
): Promise<void> {
  if (initIfNeeded && !(await store.exists())) {
    try {
      await store.init({ genesis: makeGenesisBlock(keypair) });
      log.info('database_initialized', { db: store.dbName });
    } catch (e) {
      // Another node initialised it at the same moment: fine, wait for its genesis below.
      if (!(isFedlabError(e) && e.code === 'DB_EXISTS')) throw e;
    }
  }
  await waitForGenesis(store, 30_000);
}
