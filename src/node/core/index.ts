// The ledger core's public API: pure functions and types, no I/O. Other layers import only from
// here (see CONTRACT.md). Transaction shapes, building and hashing, block and vote shapes,
// statuses and the federation policy are the protocol's (src/protocol, shared with the lab):
// re-exported here, the same definitions.
export * from '../../shared/crypto/index.js';
export * from '../../protocol/transactions.js';
export {
  type BlockStatus,
  type TxStatus,
  type FederationPolicy,
  DEFAULT_POLICY,
  DEFAULT_MAX_TRANSACTION_BYTES,
  makePolicy,
} from '../../protocol/index.js';
export {
  TransactionInvalidError,
  BlockInvalidError,
  type TxErrorCode,
  type BlockErrorCode,
} from './errors.js';
export { MAX_AMOUNT } from './amounts.js';
export { type LedgerFacts, MemoryLedgerFacts } from './ledger-facts.js';
export { checkTransactionStatic } from './validate-static.js';
export {
  checkStorable,
  maxTransactionBytes,
  STORABLE_LIMITS,
  DRIVER_NESTING_LEVELS,
  TX_WRAPPER_LEVELS,
} from './storable.js';
export {
  validateTransaction,
  validateBlockTransactions,
  type ValidationContext,
  type BlockTransactionsResult,
} from './validate.js';
export { type Block, type BlockBody, makeBlock, verifyBlock, computeBlockId } from './block.js';
export { type Vote, type VoteBody, makeVote, verifyVote, MAX_INVALID_REASON } from '../../protocol/vote.js';
export {
  type Election,
  type ElectionStatus,
  type IgnoredReason,
  electBlock,
} from '../../protocol/election.js';
export { makeGenesisBlock, isGenesisBlock } from './genesis.js';
export { type BlockVerdict, type EpochView, judgeBlock, singleEpoch } from './judge-block.js';
