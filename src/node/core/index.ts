// The ledger core's public API: pure functions and types, no I/O. Other layers import only from
// here (see CONTRACT.md).
export * from '../../shared/crypto/index.js';
export * from './types.js';
export {
  TransactionInvalidError,
  BlockInvalidError,
  TransactionBuildError,
  type TxErrorCode,
  type BlockErrorCode,
} from './errors.js';
export {
  makeEd25519Condition,
  makeThresholdCondition,
  conditionUri,
  publicKeysOf,
  createInputCondition,
  MAX_CONDITION_DEPTH,
} from './conditions.js';
export {
  makeOutput,
  makeCreate,
  makeTransfer,
  signTransaction,
  type InputSigner,
} from './transaction-build.js';
export { serializeTransaction, computeTransactionId, signingMessage } from './transaction-hash.js';
export { MAX_AMOUNT } from './amounts.js';
export { type LedgerFacts, type BlockStatus, MemoryLedgerFacts } from './ledger-facts.js';
export {
  type FederationPolicy,
  DEFAULT_POLICY,
  DEFAULT_MAX_TRANSACTION_BYTES,
  makePolicy,
} from './policy.js';
export { checkTransactionStatic } from './validate-static.js';
export {
  validateTransaction,
  validateBlockTransactions,
  type ValidationContext,
  type BlockTransactionsResult,
} from './validate.js';
export { type Block, type BlockBody, makeBlock, verifyBlock, computeBlockId } from './block.js';
export { type Vote, type VoteBody, makeVote, verifyVote, MAX_INVALID_REASON } from './vote.js';
export { type Election, type ElectionStatus, type IgnoredReason, electBlock } from './election.js';
export { makeGenesisBlock, isGenesisBlock } from './genesis.js';
export { type BlockVerdict, judgeBlock } from './judge-block.js';
