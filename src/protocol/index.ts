// The protocol node and lab speak, under one name each: transaction spec v2.0 (shapes, ids,
// building and signing), blocks and votes, statuses, the HTTP API, the node config schema and the
// federation policy. Pure (no I/O); imports only src/shared. The node's rules (validation,
// election) stay in src/node/core, which re-exports what its callers use from here.
export * from './transactions.js';
export type { Block, BlockBody, Vote, VoteBody } from './block.js';
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
} from './policy.js';
