// The node CLI's membership commands (the contract the lab codes against), played with the real
// pure protocol functions on an in-memory membership table, so the fake decides as a node would.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  commitInputSchema,
  decideProposal,
  proposalSchema,
  genesisRecord,
  resolveChain,
  signBallot,
  signPossession,
  type AdmissionRule,
  type Ballot,
  type Member,
  type MembershipRecord,
  type Proposal,
} from '../../../../src/protocol/membership/index.js';
import { CommandFailedError, FedlabError } from '../../../../src/shared/errors.js';
import type { RunOnceResult, RunOnceSpec } from '../../../../src/lab/docker/docker-client.js';
import type { ComposeProject, ComposeRunOptions } from '../../../../src/lab/docker/compose-runner.js';
import type { CommandResult } from '../../../../src/lab/process/run-command.js';
import { FakeCompose, FakeDocker, type FakeRun } from '../../../support/lab-fakes.js';

const ok = (stdout: string): CommandResult => ({ stdout: stdout + '\n', stderr: '', exitCode: 0 });

async function keypairIn(file: string): Promise<{ publicKey: string; privateKey: string }> {
  const config = JSON.parse(await readFile(file, 'utf8')) as { keypair: { public: string; private: string } };
  return { publicKey: config.keypair.public, privateKey: config.keypair.private };
}

/** The membership table and what the cluster commands did. */
export class FakeMembershipTable {
  rows: MembershipRecord[] = [];
  replicas: number[] = [];
  inputs: { service: string; args: readonly string[]; input: unknown }[] = [];
  /**
   * What `membership pending --voter KEY` answers: the undecided blocks naming KEY and whose
   * votes they wait for (none by default: every block is decided).
   */
  pending: (voter: string) => { id: string; voters: string[]; silent: string[] }[] = () => [];
  constructor(private readonly configOf: (operator: string) => string) {}

  current(): MembershipRecord {
    const { epochs } = resolveChain(this.rows);
    const last = epochs[epochs.length - 1];
    if (!last) throw new Error('no epoch 0: init did not run');
    return last;
  }

  /** Plays `bigchaindb ...` in a one-shot container of `run.service`; input as on stdin. */
  async run(run: FakeRun, input: string | undefined): Promise<CommandResult | undefined> {
    const [command, sub, ...rest] = run.args.slice(2);
    const operator = run.service.replace(/^bigchaindb-/, '');
    const body: unknown = input === undefined ? undefined : JSON.parse(input);
    this.inputs.push({ service: run.service, args: run.args.slice(2), input: body });
    if (command === 'init') {
      const rule = (run.args[run.args.indexOf('--admission') + 1] ?? 'majority') as AdmissionRule;
      const members = JSON.parse(run.env.BIGCHAINDB_GENESIS_MEMBERS ?? '[]') as Member[];
      const federation = run.env.BIGCHAINDB_FEDERATION ?? 'bigchain';
      if (this.rows.length === 0) this.rows.push(genesisRecord(federation, members, rule));
      return undefined; // the cluster part answers
    }
    if (command === 'set-replicas') {
      this.replicas.push(Number(sub));
      return ok('');
    }
    if (command !== 'membership') return undefined;
    if (sub === 'show') {
      // As the node prints it: indented, `current` null while the table holds no epoch.
      const chain = resolveChain(this.rows);
      const last = chain.epochs.at(-1);
      const current = last ? { epoch: last.epoch, members: last.members } : null;
      return ok(JSON.stringify({ current, epochs: chain.epochs, ignored: chain.ignored }, null, 2));
    }
    if (sub === 'pending') {
      const voter = rest[rest.indexOf('--voter') + 1] ?? '';
      const blocks = this.pending(voter).map((b) => ({ ...b, epoch: 0, voted: [] }));
      const epoch = this.current().epoch;
      return ok(JSON.stringify({ epoch, count: blocks.length, olderEpochs: blocks.length, blocks }, null, 2));
    }
    if (sub === 'ballot') {
      const keypair = await keypairIn(this.configOf(operator));
      const proposal = proposalSchema.parse(body) as Proposal;
      return ok(JSON.stringify(signBallot(proposal, rest.includes('--approve'), keypair)));
    }
    if (sub === 'commit') {
      const { proposal, ballots } = commitInputSchema.parse(body) as {
        proposal: Proposal;
        ballots: Ballot[];
      };
      try {
        const decision = decideProposal(this.current(), proposal, ballots);
        if (decision.record) this.rows.push(decision.record);
        return ok(JSON.stringify({ tally: decision.tally, record: decision.record ?? null }));
      } catch (error) {
        if (error instanceof FedlabError)
          throw new CommandFailedError(['bigchaindb', 'membership', 'commit'], 1, error.message);
        throw error;
      }
    }
    return undefined;
  }
}

/** FakeCompose that hands each run's stdin to the table, then to the cluster fake. */
export class MembershipCompose extends FakeCompose {
  constructor(
    private readonly table: FakeMembershipTable,
    private readonly cluster: { onRun: (run: FakeRun) => CommandResult | undefined },
    hooks: ConstructorParameters<typeof FakeCompose>[0] = {},
  ) {
    super(hooks);
  }

  onDown?: (project: ComposeProject) => void;
  /** Makes a one-shot command fail (a member's container that cannot run, a refusing node). */
  failFor?: (service: string, args: readonly string[]) => Error | undefined;
  override async down(project: ComposeProject, options: { volumes: boolean }): Promise<void> {
    await super.down(project, options);
    this.onDown?.(project);
  }

  override async run(
    project: ComposeProject,
    service: string,
    args: readonly string[],
    options: ComposeRunOptions = {},
  ): Promise<CommandResult> {
    const run: FakeRun = { project: project.name, service, args, env: { ...options.env } };
    await super.run(project, service, args, options);
    const failure = this.failFor?.(service, args);
    if (failure) throw failure;
    const answer = await this.table.run(run, typeof options.input === 'string' ? options.input : undefined);
    return answer ?? this.cluster.onRun(run) ?? ok('');
  }
}

/** FakeDocker whose node image also signs possession (`membership sign-possession`, input in env). */
export class MembershipDocker extends FakeDocker {
  override async runOnce(spec: RunOnceSpec): Promise<RunOnceResult> {
    if (!spec.args.includes('sign-possession')) return super.runOnce(spec);
    this.runs.push(spec);
    const dir = spec.binds?.[0]?.split(':')[0] ?? '/nowhere';
    const proposal = proposalSchema.parse(JSON.parse(spec.env?.BIGCHAINDB_INPUT_JSON ?? 'null')) as Proposal;
    const possession = signPossession(proposal, await keypairIn(join(dir, '.bigchaindb')));
    return { exitCode: 0, stdout: JSON.stringify({ possession }) + '\n', stderr: '' };
  }
}
