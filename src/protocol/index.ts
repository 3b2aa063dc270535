// The protocol node and lab speak, under one name each: transaction spec v2.0 (shapes, ids,
// building and signing), blocks and votes, statuses, the HTTP API, the node config schema and the
// federation policy, votes and the election (the lab recounts votes to check the ledger from
// its data). Pure (no I/O); imports only src/shared. The node's rules (validation, judging
// blocks) stay in src/node/core, which re-exports what its callers use from here.
export * from './transactions.js';
export {
  type Block,
  type BlockBody,
  type Vote,
  type VoteBody,
  isGenesisBlock,
  epochOfBlock,
} from './block.js';
export { makeVote, verifyVote, isVoteShaped, MAX_INVALID_REASON } from './vote.js';
export { type Election, type ElectionStatus, type IgnoredReason, electBlock } from './election.js';
export { type BlockStatus, type TxStatus, BLOCK_STATUSES } from './status.js';
export * from './api.js';
export * from './health.js';
export { configSchema, defaultConfig, type NodeConfig, type NodeConfigInput } from './node-config.js';
export {
  federationPolicySchema,
  type FederationPolicy,
  type FederationPolicyInput,
  DEFAULT_POLICY,
  DEFAULT_MAX_TRANSACTION_BYTES,
  makePolicy,
  READ_POLICIES,
  type ReadPolicy,
} from './policy.js';
export {
  API_KEY_HEADER,
  API_KEY_PREFIX,
  LEGACY_API_KEY_HEADER,
  apiKeyRecordSchema,
  hashApiKey,
  newApiKey,
  type ApiKeyRecord,
  type IssuedApiKey,
} from './api-key.js';
