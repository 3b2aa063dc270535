/**
 * `bigchaindb membership pending [--voter KEY] [--json]` and `membership commit`'s guard (issue 16).
 * A block is elected by the members of its own epoch. When a member leaves (remove, or its old key
 * after rotate-key), the blocks that name it still need a majority of their epoch: `pending` lists
 * the undecided blocks (those naming `--voter` only), so the lab can wait for them to drain before
 * the departing node goes away. `commit` refuses a new change while blocks of an epoch OLDER than
 * the current one are undecided: each change could take another of their voters away, and epochs
 * stacked on undecided blocks may leave them with too few voters ever to be decided.
 */
import { epochOfBlock } from '../../../protocol/block.js';
import type { MembershipChain } from '../../../protocol/membership/index.js';
import { verifyVote, type Block, type Vote } from '../../core/index.js';
import type { LedgerStore } from '../../store/ledger-store.js';
import { FedlabError } from '../../../shared/errors.js';
import type { CliContext } from '../context.js';
import { readChain } from './membership-chain.js';

/** How many undecided blocks are read (a backlog of blocks this deep is a problem of its own). */
const SCAN_LIMIT = 10_000;
/** How many are listed in the answer (the count covers all). */
const LIST_LIMIT = 50;

export interface PendingBlock {
  id: string;
  epoch: number;
  voters: string[];
  /** Voters (of the block's list) with a correctly signed vote stored. */
  voted: string[];
  /** Voters without one yet: whose node must vote for the block to be decided. */
  silent: string[];
}

export interface PendingReport {
  /** The current epoch of this node's chain. */
  epoch: number;
  /** Undecided blocks (naming `voter`, when one was given). */
  count: number;
  /** The oldest of them, at most LIST_LIMIT. */
  blocks: PendingBlock[];
  /** Of them, blocks made in an epoch older than the current one. */
  olderEpochs: number;
  voter?: string;
}

/** Pure: the report over the undecided blocks and their stored votes. */
export function pendingReport(
  epoch: number,
  undecided: readonly Block[],
  votesOf: (blockId: string) => readonly Vote[],
  voter?: string,
): PendingReport {
  const named = undecided.filter((b) => voter === undefined || b.block.voters.includes(voter));
  const blocks = named.slice(0, LIST_LIMIT).map((b): PendingBlock => {
    const signed = new Set(
      votesOf(b.id)
        .filter((v) => verifyVote(v) && v.vote.voting_for_block === b.id)
        .map((v) => v.node_pubkey),
    );
    const voters = [...b.block.voters];
    return {
      id: b.id,
      epoch: epochOfBlock(b),
      voters,
      voted: voters.filter((k) => signed.has(k)),
      silent: voters.filter((k) => !signed.has(k)),
    };
  });
  const olderEpochs = named.filter((b) => epochOfBlock(b) < epoch).length;
  return { epoch, count: named.length, blocks, olderEpochs, ...(voter === undefined ? {} : { voter }) };
}

export async function readPending(
  store: Pick<LedgerStore, 'getUndecidedBlocks' | 'getVotes'>,
  epoch: number,
  voter?: string,
): Promise<PendingReport> {
  const undecided = await store.getUndecidedBlocks(SCAN_LIMIT);
  const listed = undecided.filter((b) => voter === undefined || b.block.voters.includes(voter));
  const votes = new Map<string, Vote[]>();
  for (const b of listed.slice(0, LIST_LIMIT)) votes.set(b.id, await store.getVotes(b.id));
  return pendingReport(epoch, undecided, (id) => votes.get(id) ?? [], voter);
}

/** Blocks of an epoch older than the current one are undecided: no further change yet. */
export class EpochPendingError extends FedlabError {
  /** `names`: operator names by key (from the chain's records), to say whose nodes must vote. */
  constructor(report: PendingReport, names: ReadonlyMap<string, string> = new Map()) {
    const old = report.blocks.filter((b) => b.epoch < report.epoch);
    const silent = [...new Set(old.flatMap((b) => b.silent))];
    const named = silent.map((k) => (names.has(k) ? `${names.get(k)} (${k})` : k));
    const ids = old.slice(0, 5).map((b) => `${b.id} (epoch ${b.epoch})`);
    super(
      'MEMBERSHIP_EPOCH_PENDING',
      `${report.olderEpochs} block(s) of an epoch older than the current epoch ${report.epoch} are still undecided ` +
        `(${ids.join(', ')}${report.olderEpochs > ids.length ? ', ...' : ''}); a new change now would stack epoch ` +
        `${report.epoch + 1} on them and could leave them too few voters ever to be decided. Let their voters vote ` +
        `first: start the stopped nodes of ${named.length > 0 ? named.join(', ') : 'their epoch'} ` +
        '(see `bigchaindb membership pending`), then commit again; --allow-pending commits anyway',
      {
        details: {
          epoch: report.epoch,
          olderEpochs: report.olderEpochs,
          blocks: old.map((b) => b.id),
          silent,
        },
      },
    );
  }
}

/** commit's guard: refuses while blocks of an epoch older than `epoch` are undecided. */
export async function refuseStackedEpochs(
  store: Pick<LedgerStore, 'getUndecidedBlocks' | 'getVotes'>,
  chain: MembershipChain,
): Promise<void> {
  const epoch = chain.epochs.at(-1)?.epoch ?? 0;
  const older = (await store.getUndecidedBlocks(SCAN_LIMIT)).filter((b) => epochOfBlock(b) < epoch);
  if (older.length === 0) return;
  const only = { getUndecidedBlocks: async () => older, getVotes: (id: string) => store.getVotes(id) };
  const names = new Map(
    chain.epochs.flatMap((e) => e.members.map((m) => [m.publicKey, m.operator] as const)),
  );
  throw new EpochPendingError(await readPending(only, epoch), names);
}

export async function membershipPendingCommand(
  ctx: CliContext,
  flags: { voter?: string; json?: boolean },
): Promise<void> {
  const { store, chain } = await readChain(ctx, 'membership pending');
  try {
    const epoch = chain.epochs.at(-1)?.epoch ?? 0;
    const report = await readPending(store, epoch, flags.voter);
    if (flags.json) {
      ctx.io.out(JSON.stringify(report, null, 2));
      return;
    }
    const whose = flags.voter === undefined ? '' : ` naming ${flags.voter}`;
    ctx.io.out(
      `epoch ${epoch}: ${report.count} undecided block(s)${whose}, ${report.olderEpochs} of older epochs`,
    );
    for (const b of report.blocks)
      ctx.io.out(
        `block ${b.id} (epoch ${b.epoch}): voted ${b.voted.length} of ${b.voters.length}; waiting for ${b.silent.join(', ') || 'nobody'}`,
      );
  } finally {
    await store.close();
  }
}
