import { canonicalJson, sha3_256Hex } from '../shared/crypto/index.js';
import type { Transaction } from './types.js';

/** A block as BigchainDB 0.x stored it; `timestamp` is unix milliseconds as a decimal string. */
export interface Block {
  id: string;
  block: BlockBody;
  signature: string;
}

export interface BlockBody {
  timestamp: string;
  transactions: Transaction[];
  node_pubkey: string;
  voters: string[];
  /**
   * The membership epoch the block was made in (issue 12): it is judged and elected against that
   * epoch's members, so a decided block keeps its status when membership changes. Absent on
   * blocks made before epochs existed: epoch 0.
   */
  epoch?: number;
}

/** A block's id: SHA3-256 hex of the canonical JSON of its body (what its creator signs). */
export const blockIdOf = (body: BlockBody): string => sha3_256Hex(canonicalJson(body));

/** The epoch a block was made in (0 when it carries none). */
export const epochOfBlock = (block: Block): number => block.block.epoch ?? 0;

/** A vote as BigchainDB 0.x stored it; one per (block, voter). */
export interface Vote {
  node_pubkey: string;
  signature: string;
  vote: VoteBody;
}

export interface VoteBody {
  voting_for_block: string;
  previous_block: string;
  is_block_valid: boolean;
  invalid_reason: string | null;
  /** unix milliseconds as a decimal string */
  timestamp: string;
}

/**
 * The genesis block: no transactions, voters = [creator], so that it verifies like any block.
 * Nobody votes on it; the election treats it as valid.
 */
export function isGenesisBlock(block: Block): boolean {
  const { transactions, voters, node_pubkey } = block.block;
  return transactions.length === 0 && voters.length === 1 && voters[0] === node_pubkey;
}
