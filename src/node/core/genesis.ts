import type { Keypair } from '../../shared/crypto/index.js';
import { makeBlock, type Block } from './block.js';

/**
 * The genesis block: no transactions, created and signed by the node that runs `init`, with
 * voters = [creator] so that it verifies like any block. Nobody votes on it; electBlock treats
 * it as valid. It is the `previous_block` of the first votes.
 */
export function makeGenesisBlock(keypair: Keypair, timestampMs: number = Date.now()): Block {
  return makeBlock([], keypair, [keypair.publicKey], timestampMs);
}

export { isGenesisBlock } from '../../protocol/block.js';
