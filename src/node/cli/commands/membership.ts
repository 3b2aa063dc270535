/**
 * `bigchaindb membership show|sign-possession|ballot|commit` (issue 12): the node's side of a
 * governed membership change. A member signs ballots with its own key (its private key never
 * leaves its machine); the candidate proves it holds its new key; `commit` counts the ballots of
 * the current epoch's members under its rule and, when approved, writes the next epoch's record,
 * which every running node follows within a second. Inputs are JSON on stdin; outputs JSON on
 * stdout.
 */
import type { z } from 'zod';
import {
  type ChainRoot,
  commitInputSchema,
  decideProposal,
  proposalSchema,
  resolveChain,
  signBallot,
  signPossession,
  type MembershipRecord,
  type Proposal,
} from '../../../protocol/membership/index.js';
import { requireKeypair } from '../../config/load.js';
import type { LedgerStore } from '../../store/ledger-store.js';
import { EpochTakenError } from '../../store/membership-queries.js';
import { FedlabError } from '../../../shared/errors.js';
import { CliUsageError } from '../cli-errors.js';
import { load, type CliContext } from '../context.js';
import { readChain } from './membership-chain.js';
import { refuseStackedEpochs } from './membership-pending.js';

/** Input JSON: BIGCHAINDB_INPUT_JSON when set (containers run without stdin), else stdin. */
const INPUT_ENV = 'BIGCHAINDB_INPUT_JSON';

async function readJson<T>(ctx: CliContext, schema: z.ZodType<T>, what: string): Promise<T> {
  const fromEnv = ctx.env[INPUT_ENV];
  if (fromEnv === undefined && !ctx.io.readStdin)
    throw new CliUsageError(`${what} is read from stdin (or ${INPUT_ENV}), and there is neither here`);
  const text = fromEnv ?? (await ctx.io.readStdin!());
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CliUsageError(`${what} on stdin is not JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliUsageError(
      `${what} on stdin is invalid: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

export async function membershipShowCommand(ctx: CliContext, flags: { json?: boolean }): Promise<void> {
  const { store, chain, root } = await readChain(ctx, 'membership show');
  await store.close();
  const last = chain.epochs.at(-1);
  const current = last ? { epoch: last.epoch, members: last.members } : null;
  if (flags.json) {
    const rootJson = { source: root.source, id: chain.epochs[0]?.id ?? null };
    const extra = chain.conflict ? { conflict: chain.conflict } : {};
    ctx.io.out(
      JSON.stringify(
        { current, epochs: chain.epochs, ignored: chain.ignored, root: rootJson, ...extra },
        null,
        2,
      ),
    );
    return;
  }
  if (root.source === 'derived')
    ctx.io.out('root: derived from keyring plus self (the config pins no membership genesis)');
  if (!last) ctx.io.out('no membership record: the federation is its config keyring (epoch 0)');
  for (const e of chain.epochs) ctx.io.out(describeEpoch(e));
  for (const i of chain.ignored)
    ctx.io.out(`ignored record epoch ${String(i.epoch)} ${String(i.id)}: ${i.reason}`);
}

function describeEpoch(e: MembershipRecord): string {
  const what = e.change === null ? 'bootstrap' : `${e.change.kind} ${e.change.operator}`;
  const votes = e.ballots.map((b) => `${b.voter.slice(0, 8)}:${b.approve ? 'yes' : 'no'}`).join(' ');
  return `epoch ${e.epoch} (${what}; ${e.rule}${votes ? `; ${votes}` : ''}): ${e.members.map((m) => m.operator).join(', ')}`;
}

export async function signPossessionCommand(ctx: CliContext): Promise<void> {
  const proposal = (await readJson(ctx, proposalSchema, 'the proposal')) as Proposal;
  const keypair = requireKeypair(await load(ctx));
  if (proposal.change.publicKey !== keypair.publicKey)
    throw new CliUsageError(
      `the proposal names key ${String(proposal.change.publicKey)}, this node's key is ${keypair.publicKey}`,
    );
  ctx.io.out(JSON.stringify({ possession: signPossession(proposal, keypair) }));
}

export async function ballotCommand(
  ctx: CliContext,
  flags: { approve?: boolean; reject?: boolean },
): Promise<void> {
  if (flags.approve === flags.reject) throw new CliUsageError('say --approve or --reject (one of them)');
  const proposal = (await readJson(ctx, proposalSchema, 'the proposal')) as Proposal;
  const keypair = requireKeypair(await load(ctx));
  ctx.io.out(JSON.stringify(signBallot(proposal, flags.approve === true, keypair)));
}

/**
 * Counts the ballots against the current epoch (from this node's root) and writes the approved
 * record. At most one approved change per epoch: a proposal for an epoch the chain has passed is
 * MEMBERSHIP_EPOCH_TAKEN, and so is losing a race: the record is written, the rows are read
 * again, and when another approved record for the same epoch is there too (two commits at once),
 * this one is withdrawn (each racer reads after its own write, so the later one always sees
 * both; at worst both withdraw and both are asked to propose again). Must run with a database
 * account that may write the table (admin; node users may only read it on RethinkDB). Refused
 * while blocks of an epoch older than the current one are undecided (issue 16,
 * membership-pending.ts), unless `allowPending`.
 */
export async function commitCommand(ctx: CliContext, flags: { allowPending?: boolean } = {}): Promise<void> {
  const input = await readJson(ctx, commitInputSchema, 'the proposal and ballots');
  const { store, chain, root } = await readChain(ctx, 'membership commit');
  try {
    const current = chain.epochs.at(-1);
    if (!current)
      throw new CliUsageError(
        'the membership table has no epoch 0 this node can follow: this database was initialised without members; run `bigchaindb init` with BIGCHAINDB_GENESIS_MEMBERS',
      );
    if (chain.conflict) throw new EpochConflictError(chain.conflict);
    const proposal = input.proposal as Proposal;
    if (proposal.epoch <= current.epoch) throw new EpochTakenError(proposal.epoch);
    if (!flags.allowPending) await refuseStackedEpochs(store, chain);
    const decision = decideProposal(current, proposal, input.ballots);
    if (decision.record) {
      await store.insertMembership(decision.record);
      await checkStillAlone(store, root.chain, decision.record);
    }
    ctx.io.out(JSON.stringify({ tally: decision.tally, record: decision.record ?? null }));
  } finally {
    await store.close();
  }
}

async function checkStillAlone(
  store: Pick<LedgerStore, 'membershipRows' | 'withdrawMembership'>,
  root: ChainRoot,
  record: MembershipRecord,
): Promise<void> {
  const after = resolveChain(await store.membershipRows(), root);
  if (after.conflict?.epoch !== record.epoch || !after.conflict.ids.includes(record.id)) return;
  await store.withdrawMembership?.(record.id);
  throw new EpochTakenError(record.epoch);
}

/** Two approved records for one epoch (members signed both): nothing is committed past it. */
export class EpochConflictError extends FedlabError {
  constructor(conflict: { epoch: number; ids: string[] }) {
    super(
      'MEMBERSHIP_EPOCH_CONFLICT',
      `${conflict.ids.length} different records are approved as epoch ${conflict.epoch} (${conflict.ids.join(', ')}): ` +
        'no node follows either; an operator must delete all but one from the membership table (as admin) before any further change',
      { details: conflict },
    );
  }
}
