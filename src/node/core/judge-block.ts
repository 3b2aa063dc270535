import { BlockInvalidError } from './errors.js';
import { verifyBlock, type Block } from './block.js';
import type { LedgerFacts } from './ledger-facts.js';
import type { FederationPolicy } from '../../protocol/policy.js';
import { validateBlockTransactions } from './validate.js';

export type BlockVerdict = { valid: true } | { valid: false; code: string; reason: string };

/** The membership epochs as the voter knows them (issue 12). */
export interface EpochView {
  /** The epoch the federation is in now. */
  current: number;
  /** The member keys of an epoch, or undefined when the voter does not know it. */
  membersOf(epoch: number): readonly string[] | undefined;
}

/** A fixed federation (before epochs, and tests): epoch 0 = `members`. */
export const singleEpoch = (members: readonly string[]): EpochView => ({
  current: 0,
  membersOf: (epoch) => (epoch === 0 ? members : undefined),
});

/**
 * What a voter decides about a block: shape, id and signature; its creator is a member of the
 * block's OWN membership epoch and its voters are exactly that epoch's members; every
 * transaction valid (its own copy in this block is not a duplicate). The reason becomes the
 * vote's invalid_reason. Facts failures (I/O) propagate: no verdict without facts.
 *
 * A block of an earlier epoch than the voter's current one is judged on these merits too
 * (issue 16). Voting it invalid for its age alone stranded blocks: its electorate is its own
 * epoch's members, and once one of them is removed or rotated out and never votes again, a
 * block with one valid and one invalid vote of three can never be decided (its transactions
 * stay locked, a re-POST is a no-op). Judging on merit is safe:
 * - the verdict no longer depends on which epoch the voter has seen last (that differs between
 *   voters for a moment after every change: votes split on age alone are what stranded blocks);
 * - every transaction is still fully validated: double spends and duplicates are checked
 *   against every VALID and UNDECIDED block, whatever its epoch, so an old-epoch block cannot
 *   commit what a current one already holds, nor the other way round;
 * - the election counts only the votes of the block's own epoch's members (BlockStatusResolver)
 *   and needs more than half of them: a removed or rotated-out key can at most still vote (or
 *   make blocks) in its own epoch, where the honest remaining members of that epoch still
 *   decide, and it gains nothing it did not have while it was a member;
 * - a block decided INVALID returns its transactions to the backlog, whatever its epoch (the
 *   election stage), where current members put them in a block of the current epoch.
 * So the decision stays a monotone function of the signed votes: no node can decide a block
 * differently from another. An epoch the voter cannot resolve is still BLOCK_EPOCH_UNKNOWN.
 */
export async function judgeBlock(
  candidate: unknown,
  facts: LedgerFacts,
  policy: FederationPolicy,
  epochs: EpochView,
): Promise<BlockVerdict> {
  try {
    const block = verifyBlock(candidate);
    const members = membersOfItsEpoch(block, epochs);
    if (!members.includes(block.block.node_pubkey)) {
      throw new BlockInvalidError(
        'BLOCK_SIGNER_UNKNOWN',
        `block ${block.id} was created by ${block.block.node_pubkey}, not a federation member (of its epoch ${block.block.epoch ?? 0})`,
      );
    }
    requireFederationAsVoters(block, members);
    const { invalid } = await validateBlockTransactions(block.block.transactions, facts, policy, {
      blockId: block.id,
    });
    const first = invalid[0];
    if (first !== undefined) {
      const { code, message } = first.error;
      return { valid: false, code: 'BLOCK_TX_INVALID', reason: `${code}: ${message}` };
    }
    return { valid: true };
  } catch (e) {
    if (e instanceof BlockInvalidError) return { valid: false, code: e.code, reason: e.message };
    throw e;
  }
}

function membersOfItsEpoch(block: Block, epochs: EpochView): readonly string[] {
  const epoch = block.block.epoch ?? 0;
  const members = epochs.membersOf(epoch);
  if (members === undefined)
    throw new BlockInvalidError(
      'BLOCK_EPOCH_UNKNOWN',
      `block ${block.id} names epoch ${epoch}, which this voter cannot resolve (its chain ends at epoch ${epochs.current})`,
      { blockId: block.id, epoch, current: epochs.current },
    );
  return members;
}

/**
 * The creator writes `voters` and the election counts only them, so a block must name exactly
 * the federation (each member once): else a member could name only itself, or keys it holds.
 */
function requireFederationAsVoters(block: Block, members: readonly string[]): void {
  const voters = block.block.voters;
  const memberSet = new Set(members);
  const exact =
    new Set(voters).size === voters.length &&
    voters.length === memberSet.size &&
    voters.every((k) => memberSet.has(k));
  if (exact) return;
  throw new BlockInvalidError(
    'BLOCK_VOTERS_MISMATCH',
    `block ${block.id} lists voters [${voters.join(', ')}], not the federation [${[...memberSet].join(', ')}]`,
    { blockId: block.id },
  );
}
