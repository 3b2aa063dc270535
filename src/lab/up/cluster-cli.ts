import { z } from 'zod';
import type { AdmissionRule, Member } from '../../protocol/membership/index.js';
import { CommandFailedError, FedlabError } from '../../shared/errors.js';
import { NODE_CONFIG_IN_CONTAINER } from '../compose/operator-compose.js';
import type { LabContext } from '../context.js';
import type { ComposeProject } from '../docker/compose-runner.js';
import { ADMIN_USER, userPasswordEnv } from '../material/database-credentials.js';
import { tail } from '../process/run-command.js';

/** `bigchaindb cluster-status --json`: what the cluster and the ledger database look like. */
const clusterStatusSchema = z.looseObject({
  engine: z.string(),
  servers: z.array(z.string()),
  adminPasswordSet: z.boolean(),
  database: z.looseObject({
    name: z.string(),
    exists: z.boolean(),
    ready: z.boolean(),
    tables: z.array(
      z.looseObject({
        name: z.string(),
        ready: z.boolean(),
        // null while a table does not exist yet (cluster-status before init)
        shards: z.number().nullable(),
        replicas: z.number().nullable(),
        writeAcks: z.unknown(),
      }),
    ),
  }),
});
export type ClusterStatus = z.output<typeof clusterStatusSchema>;

/** `bigchaindb init --keep-existing --json`: what init did, and the cluster status after it. */
const initReportSchema = z.looseObject({
  database: z.enum(['created', 'existed']),
  status: clusterStatusSchema,
});
export type InitReport = z.output<typeof initReportSchema>;

/** `bigchaindb set-admin-password --json`. */
const adminPasswordReportSchema = z.looseObject({
  adminPassword: z.string(),
  servers: z.array(z.string()),
});

/** Extra time the compose CLI gets beyond the node command's own --timeout. */
const COMPOSE_GRACE_MS = 60_000;

/**
 * The node CLI's cluster commands, each in a one-shot container of the designated operator's node
 * service (`docker compose run`): on the federation network, with that operator's .bigchaindb,
 * as the database admin. Passwords travel only as environment variables passed by name.
 */
export class ClusterCli {
  constructor(
    private readonly ctx: Pick<LabContext, 'compose' | 'timeouts'>,
    private readonly project: ComposeProject,
    private readonly service: string,
    private readonly adminPassword: string,
    /** Where the admin password is kept, for messages (never its content). */
    private readonly adminPasswordFile = 'the admin password file',
  ) {}

  private get timeoutArgs(): string[] {
    return ['--timeout', String(Math.ceil(this.ctx.timeouts.databaseMs / 1000))];
  }

  /** Waits until `servers` joined, then sets the admin password unless it is set already. */
  async setAdminPassword(servers: number, onLine?: (line: string) => void): Promise<string> {
    const args = ['set-admin-password', '--wait-servers', String(servers), ...this.timeoutArgs];
    return (await this.adminPasswordRun(args, onLine)).trim();
  }

  /**
   * As setAdminPassword, and the names of the servers in the cluster then (one container where
   * set-admin-password and cluster-status took two).
   */
  async setAdminPasswordListingServers(
    servers: number,
    onLine?: (line: string) => void,
  ): Promise<{ said: string; servers: string[] }> {
    const args = ['set-admin-password', '--wait-servers', String(servers), '--json', ...this.timeoutArgs];
    const report = parseReport(
      await this.adminPasswordRun(args, onLine),
      adminPasswordReportSchema,
      'set-admin-password --json',
    );
    return { said: `admin password ${report.adminPassword}`, servers: report.servers };
  }

  private async adminPasswordRun(args: readonly string[], onLine?: (line: string) => void): Promise<string> {
    try {
      return await this.run(args, {}, onLine);
    } catch (error) {
      if (
        error instanceof CommandFailedError &&
        /refused user|wrong password|ReqlAuthError/i.test(error.message)
      )
        throw new AdminPasswordMismatchError(this.adminPasswordFile, error);
      throw outdatedImage(error);
    }
  }

  /**
   * init, then createUsers, then status, in ONE container (`init --users ... --keep-existing
   * --json`): each one-shot container costs seconds, and `up` ran three here.
   */
  async initWithUsers(
    servers: number,
    layout: { shards: number; replicas: number; heartbeatTimeoutSec: number },
    users: readonly { user: string; password: string }[],
    genesis?: GenesisMembership,
  ): Promise<InitReport> {
    const args = [...initArgs(servers, layout, genesis), '--keep-existing', '--json'];
    if (users.length > 0) args.push('--users', ...users.map((u) => u.user));
    const env = { ...(genesis ? genesisEnv(genesis) : {}), ...passwordEnv(users) };
    try {
      return parseReport(
        await this.run([...args, ...this.timeoutArgs], env),
        initReportSchema,
        'init --json',
      );
    } catch (error) {
      throw outdatedImage(error);
    }
  }

  /** Creates (or updates) each user with read/write on the ledger, read on `rethinkdb`. */
  async createUsers(users: readonly { user: string; password: string }[]): Promise<void> {
    await this.run(['create-user', ...users.map((u) => u.user)], passwordEnv(users));
  }

  /** Every table to this many replicas (placed by RethinkDB on the cluster's servers). */
  async setReplicas(replicas: number): Promise<void> {
    await this.run(['set-replicas', String(replicas)]);
  }

  private async run(
    args: readonly string[],
    env: Readonly<Record<string, string>> = {},
    onLine?: (line: string) => void,
  ): Promise<string> {
    const result = await this.ctx.compose.run(
      this.project,
      this.service,
      ['-c', NODE_CONFIG_IN_CONTAINER, ...args],
      {
        env: {
          BIGCHAINDB_DATABASE_USER: ADMIN_USER,
          BIGCHAINDB_DATABASE_PASSWORD: this.adminPassword,
          ...env,
        },
        timeoutMs: this.ctx.timeouts.databaseMs + COMPOSE_GRACE_MS,
        ...(onLine ? { onLine } : {}),
      },
    );
    return result.stdout;
  }
}

/** `init`'s arguments before --timeout (and the flags of initWithUsers). */
function initArgs(
  servers: number,
  layout: { shards: number; replicas: number; heartbeatTimeoutSec: number },
  genesis: GenesisMembership | undefined,
): string[] {
  const args = ['init', '--wait-servers', String(servers), '--shards', String(layout.shards)];
  args.push('--replicas', String(layout.replicas));
  args.push('--heartbeat-timeout', String(layout.heartbeatTimeoutSec));
  if (genesis) args.push('--admission', genesis.admission);
  return args;
}

/** Each user's password under the variable the node CLI reads it from (passed by name only). */
const passwordEnv = (users: readonly { user: string; password: string }[]): Record<string, string> =>
  Object.fromEntries(users.map((u) => [userPasswordEnv(u.user), u.password]));

/** The JSON object that ends `command`'s output, checked against `schema`. */
function parseReport<T>(out: string, schema: z.ZodType<T>, command: string): T {
  const raw = lastJsonObject(out);
  if (raw === undefined) throw statusError(command, `expected JSON, got: ${tail(out, 3)}`);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw statusError(command, `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
}

/** A node image built before the flags this lab passes rejects them: say how to fix that. */
function outdatedImage(error: unknown): unknown {
  if (
    !(error instanceof CommandFailedError) ||
    !/unknown option '--(json|keep-existing|users)'/.test(error.message)
  )
    return error;
  return new FedlabError(
    'NODE_IMAGE_OUTDATED',
    'the node image is older than the lab (its CLI does not know a flag the lab passes); rebuild it: ' +
      'npm run build && ./scripts/build-images.sh',
    { cause: error },
  );
}

/** Epoch 0 of the membership table, written by `init` (issue 12). */
export interface GenesisMembership {
  /** The federation's name, which every proposal and ballot is bound to. */
  federation: string;
  admission: AdmissionRule;
  members: readonly Member[];
}

/** The node's `init` reads the genesis members from this variable (JSON [{operator, publicKey}]). */
export const GENESIS_MEMBERS_ENV = 'BIGCHAINDB_GENESIS_MEMBERS';
export const FEDERATION_ENV = 'BIGCHAINDB_FEDERATION';

export const genesisEnv = (genesis: GenesisMembership): Record<string, string> => ({
  [GENESIS_MEMBERS_ENV]: JSON.stringify(
    genesis.members.map((m) => ({ operator: m.operator, publicKey: m.publicKey })),
  ),
  [FEDERATION_ENV]: genesis.federation,
});

/** The JSON object that ends the output (anything printed before it, such as notices, is skipped). */
export function lastJsonObject(out: string): unknown {
  const starts = [...out.matchAll(/^\{/gm)].map((m) => m.index).reverse();
  for (const start of starts) {
    try {
      return JSON.parse(out.slice(start)) as unknown;
    } catch {
      // not where the object starts; try an earlier line
    }
  }
  return undefined;
}

const statusError = (command: string, problem: string): FedlabError =>
  new FedlabError(
    'CLUSTER_STATUS_INVALID',
    `bigchaindb ${command} answered something the lab cannot read (${problem}); ` +
      'is the node image older than the lab? rebuild it: npm run build && ./scripts/build-images.sh',
    { details: { command, problem } },
  );

/** The cluster's data volumes keep an admin password that is not the one fedlab holds. */
export class AdminPasswordMismatchError extends FedlabError {
  constructor(file: string, cause: unknown) {
    super(
      'ADMIN_PASSWORD_MISMATCH',
      `the RethinkDB cluster refuses the admin password in ${file}: its data volumes were initialized ` +
        'with another one. Restore that file as it was, or start a fresh database (fedlab down --volumes ' +
        'deletes the ledger data), then run fedlab up again',
      { details: { file }, cause },
    );
  }
}
