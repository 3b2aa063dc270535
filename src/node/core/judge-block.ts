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
 * What a voter decides about a block: shape, id and signature; made in the current membership
 * epoch (a block of an earlier epoch is voted invalid: its transactions return to the backlog and
 * go into a block of the current one); the creator is a member of that epoch and the voters are
 * exactly its members; every transaction valid (its own copy in this block is not a duplicate).
 * The reason becomes the vote's invalid_reason. Facts failures (I/O) propagate: no verdict
 * without facts.
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
        `block ${block.id} was created by ${block.block.node_pubkey}, not a federation member`,
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
  if (epoch !== epochs.current)
    throw new BlockInvalidError(
      'BLOCK_EPOCH_STALE',
      `block ${block.id} was made in membership epoch ${epoch}; the federation is in epoch ${epochs.current}`,
      { blockId: block.id, epoch, current: epochs.current },
    );
  const members = epochs.membersOf(epoch);
  if (members === undefined)
    throw new BlockInvalidError('BLOCK_EPOCH_UNKNOWN', `block ${block.id} names unknown epoch ${epoch}`);
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
