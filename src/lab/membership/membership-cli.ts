/**
 * The node CLI's membership commands (issue 12), each in a one-shot container of one operator's
 * node service with that operator's .bigchaindb (as up/cluster-cli.ts runs the cluster
 * commands); JSON in on stdin, JSON out on stdout. `sign-possession` runs the node image with a
 * directory mounted instead (a key that is not a member's yet: the candidate's, or a new one),
 * and gets its input in BIGCHAINDB_INPUT_JSON (the Docker API one-shot has no stdin).
 */
import { z } from 'zod';
import {
  membershipRecordSchema,
  type Ballot,
  type MembershipRecord,
  type Proposal,
  type Tally,
} from '../../protocol/membership/index.js';
import { CommandFailedError } from '../../shared/errors.js';
import { NODE_CONFIG_IN_CONTAINER } from '../compose/operator-compose.js';
import type { LabContext } from '../context.js';
import type { Engine, OperatorSpec } from '../federation/model.js';
import { ADMIN_USER, readAdminPassword } from '../material/database-credentials.js';
import { labelsFor, nodeService } from '../federation/names.js';
import type { FederationPaths } from '../material/paths.js';
import { tail } from '../process/run-command.js';
import { lastJsonObject } from '../up/cluster-cli.js';
import { operatorProjectOf } from '../up/projects.js';
import { MembershipAnswerError, MembershipNotRecordedError, MembershipRefusedError } from './errors.js';

export const INPUT_ENV = 'BIGCHAINDB_INPUT_JSON';

const memberSchema = z.looseObject({ operator: z.string(), publicKey: z.string() });
/** `current` is null while the table holds no epoch (a database initialized without members). */
const showSchema = z.looseObject({
  current: z.looseObject({ epoch: z.number().int(), members: z.array(memberSchema) }).nullable(),
  epochs: z.array(membershipRecordSchema),
  ignored: z.array(z.looseObject({ reason: z.string() })).default([]),
});
export type MembershipView = z.output<typeof showSchema>;
const ballotSchema = z.object({ voter: z.string(), approve: z.boolean(), signature: z.string() });
const tallySchema = z.looseObject({
  outcome: z.enum(['approved', 'rejected', 'pending']),
  rule: z.enum(['majority', 'unanimous']),
  electorate: z.number(),
  approvals: z.array(z.string()),
  rejections: z.array(z.string()),
  silent: z.array(z.string()),
  ignored: z.array(
    z.object({ voter: z.string(), reason: z.enum(['not_a_member', 'bad_signature', 'duplicate']) }),
  ),
});
const commitSchema = z.looseObject({ tally: tallySchema, record: membershipRecordSchema.nullable() });
const pendingSchema = z.looseObject({
  epoch: z.number().int(),
  count: z.number().int().nonnegative(),
  olderEpochs: z.number().int().nonnegative(),
  blocks: z.array(
    z.looseObject({
      id: z.string(),
      epoch: z.number().int(),
      voters: z.array(z.string()),
      silent: z.array(z.string()),
    }),
  ),
});
/** `membership pending --json`: the undecided blocks (naming a voter, when asked). */
export type PendingAnswer = z.output<typeof pendingSchema>;
const possessionSchema = z.object({ possession: z.string().min(1) });

export interface CommitAnswer {
  tally: Tally;
  record: MembershipRecord | null;
}

export class MembershipCli {
  constructor(
    private readonly ctx: Pick<LabContext, 'compose' | 'docker' | 'images' | 'nodeUser' | 'timeouts'>,
    private readonly paths: FederationPaths,
  ) {}

  /** The chain of epochs as `op`'s node reads it from the membership table. */
  async show(op: OperatorSpec): Promise<MembershipView & { record: MembershipRecord }> {
    const view = parse(showSchema, await this.run(op, ['membership', 'show', '--json']), 'show', op.name);
    const record = view.epochs[view.epochs.length - 1] as MembershipRecord | undefined;
    if (!record) throw new MembershipNotRecordedError(op.name);
    if (view.current !== null && record.epoch !== view.current.epoch)
      throw new MembershipAnswerError(
        'show',
        op.name,
        `no record of the current epoch ${view.current.epoch}`,
      );
    return { ...view, record };
  }

  /** `op`'s signed yes or no. */
  async ballot(op: OperatorSpec, proposal: Proposal, approve: boolean): Promise<Ballot> {
    const args = ['membership', 'ballot', approve ? '--approve' : '--reject'];
    return parse(ballotSchema, await this.run(op, args, JSON.stringify(proposal)), 'ballot', op.name);
  }

  /**
   * Decides with the ballots against the current epoch; records the next epoch when approved. On
   * rethinkdb it runs as the database admin (issue 16: node users may only read the membership
   * table), with the password `up` keeps in `governance.adminOperator`'s directory, passed to
   * compose by variable name only. reqlite has no users: anyone who reaches it can write the table.
   */
  async commit(
    op: OperatorSpec,
    proposal: Proposal,
    ballots: readonly Ballot[],
    governance: { engine: Engine; adminOperator: string },
  ): Promise<CommitAnswer> {
    const env: Record<string, string> =
      governance.engine === 'rethinkdb'
        ? {
            BIGCHAINDB_DATABASE_USER: ADMIN_USER,
            BIGCHAINDB_DATABASE_PASSWORD: await readAdminPassword(
              this.paths.adminPassword(governance.adminOperator),
            ),
          }
        : {};
    let out: string;
    try {
      out = await this.run(op, ['membership', 'commit'], JSON.stringify({ proposal, ballots }), env);
    } catch (error) {
      if (error instanceof CommandFailedError)
        throw new MembershipRefusedError(
          proposal.change.operator,
          String(error.details.stderrTail ?? error.message),
          error,
        );
      throw error;
    }
    return parse(commitSchema, out, 'commit', op.name) as CommitAnswer;
  }

  /** The undecided blocks that name `voter` as one of their voters, as `op`'s node elects them. */
  async pending(op: OperatorSpec, voter: string): Promise<PendingAnswer> {
    const args = ['membership', 'pending', '--json', '--voter', voter];
    return parse(pendingSchema, await this.run(op, args), 'pending', op.name);
  }

  /** The possession signature of the key in `dir`/.bigchaindb (the node image, no network). */
  async signPossession(operator: string, dir: string, proposal: Proposal): Promise<string> {
    const args = ['-c', NODE_CONFIG_IN_CONTAINER, 'membership', 'sign-possession'];
    const result = await this.ctx.docker.runOnce({
      image: this.ctx.images.node,
      args,
      env: { [INPUT_ENV]: JSON.stringify(proposal) },
      binds: [`${dir}:/data`],
      labels: labelsFor(this.paths.federation, 'setup', operator),
      ...(this.ctx.nodeUser === undefined ? {} : { user: this.ctx.nodeUser }),
    });
    if (result.exitCode !== 0)
      throw new CommandFailedError(
        ['docker', 'run', this.ctx.images.node, ...args],
        result.exitCode,
        tail(result.stderr || result.stdout),
      );
    return parse(possessionSchema, result.stdout, 'sign-possession', operator).possession;
  }

  private async run(
    op: OperatorSpec,
    args: readonly string[],
    input?: string,
    env: Readonly<Record<string, string>> = {},
  ): Promise<string> {
    const result = await this.ctx.compose.run(
      operatorProjectOf(op, this.paths),
      nodeService(op.name),
      ['-c', NODE_CONFIG_IN_CONTAINER, ...args],
      {
        timeoutMs: this.ctx.timeouts.databaseMs,
        ...(input === undefined ? {} : { input }),
        ...(Object.keys(env).length === 0 ? {} : { env }),
      },
    );
    return result.stdout;
  }
}

function parse<T extends z.ZodType>(schema: T, out: string, command: string, operator: string): z.output<T> {
  const raw = lastJsonObject(out);
  if (raw === undefined)
    throw new MembershipAnswerError(command, operator, `expected JSON, got: ${tail(out, 3)}`);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new MembershipAnswerError(
    command,
    operator,
    `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
  );
}
