/** Load generation for scenarios: `startLoad` posts a seeded mix of transactions and tracks them. */
export { startLoad, type LoadOptions } from './start-load.js';
export { LoadPlanner, DEFAULT_MIX, type PlannedPost, type PlannerOptions } from './planner.js';
export { Wallet, type OutputOwner, type OutputTag, type WalletOutput } from './wallet.js';
export { createPrng, deriveSeed, type Prng } from './prng.js';
export { httpTransport, type LoadTransport, type PostAnswer } from './transport.js';
export { commitLatencies, percentile } from './latency.js';
export type * from './types.js';
