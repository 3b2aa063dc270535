import { BlockInvalidError } from './errors.js';
import { verifyBlock } from './block.js';
import type { LedgerFacts } from './ledger-facts.js';
import type { FederationPolicy } from './policy.js';
import { validateBlockTransactions } from './validate.js';

export type BlockVerdict = { valid: true } | { valid: false; code: string; reason: string };

/**
 * What a voter decides about a block: shape, id and signature; the creator is a federation
 * member; every transaction valid (its own copy in this block is not a duplicate). The reason
 * becomes the vote's invalid_reason. Facts failures (I/O) propagate: no verdict without facts.
 */
export async function judgeBlock(
  candidate: unknown,
  facts: LedgerFacts,
  policy: FederationPolicy,
  federation: readonly string[],
): Promise<BlockVerdict> {
  try {
    const block = verifyBlock(candidate);
    if (!federation.includes(block.block.node_pubkey)) {
      throw new BlockInvalidError(
        'BLOCK_SIGNER_UNKNOWN',
        `block ${block.id} was created by ${block.block.node_pubkey}, not a federation member`,
      );
    }
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
