// Transaction spec v2.0: shapes, conditions, building, signing and hashing (ids and signatures
// byte for byte as bigchaindb-driver makes them).
export * from './types.js';
export { TransactionBuildError } from './errors.js';
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
export { buildCreate, buildTransfer } from './build-simple.js';
export { serializeTransaction, computeTransactionId, signingMessage } from './transaction-hash.js';
