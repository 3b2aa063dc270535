/** Runs `bigchaindb` commands in-process with captured output and a fake database. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../src/node/cli/program.js';
import type { AdminStore, CliContext } from '../../../../src/node/cli/context.js';
import type { InitOptions } from '../../../../src/node/store/ledger-store.js';
import {
  DatabaseExistsError,
  DatabaseMissingError,
  EngineLimitationError,
} from '../../../../src/node/store/errors.js';
import { FakeCluster } from './fake-cluster-admin.js';

export class FakeAdminStore implements AdminStore {
  readonly dbName = 'bigchain';
  engine: 'rethinkdb' | 'reqlite' = 'rethinkdb';
  created = false;
  closed = 0;
  inits: InitOptions[] = [];
  shards: number[] = [];
  replicas: number[] = [];

  async exists(): Promise<boolean> {
    return this.created;
  }
  async init(options: InitOptions): Promise<void> {
    if (this.created) throw new DatabaseExistsError(this.dbName);
    this.inits.push(options);
    this.created = true;
  }
  async drop(): Promise<void> {
    if (!this.created) throw new DatabaseMissingError(this.dbName);
    this.created = false;
  }
  async setShards(n: number): Promise<void> {
    if (this.engine === 'reqlite')
      throw new EngineLimitationError('reqlite', 'reconfigure tables', 'use RethinkDB');
    this.shards.push(n);
  }
  async setReplicas(n: number): Promise<void> {
    if (this.engine === 'reqlite')
      throw new EngineLimitationError('reqlite', 'reconfigure tables', 'use RethinkDB');
    this.replicas.push(n);
  }
  async close(): Promise<void> {
    this.closed += 1;
  }
}

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

export class CliHarness {
  dir = '';
  env: Record<string, string> = {};
  store = new FakeAdminStore();
  cluster = new FakeCluster();
  answer: boolean | null = null;

  async setup(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'fedlab-cli-'));
  }
  async teardown(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
  get configPath(): string {
    return join(this.dir, '.bigchaindb');
  }

  async run(...argv: string[]): Promise<CliRun> {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: Omit<CliContext, 'configPath'> = {
      io: { out: (l) => out.push(l), err: (l) => err.push(l), confirm: async () => this.answer },
      env: { HOME: this.dir, ...this.env },
      openStore: async () => this.store,
      openCluster: (config, _logger, options) => this.cluster.open(config, options),
      waitForShutdown: () => new Promise(() => undefined),
      logSink: () => undefined,
    };
    const code = await runCli(argv, ctx);
    return { code, out, err };
  }
}
