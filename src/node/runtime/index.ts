/** The node's assembly: startNode(config, deps) => RunningNode. */
export { startNode, type NodeDeps } from './start-node.js';
export type { RunningNode, NodeHealth } from './running-node.js';
export { DEFAULT_TIMINGS, type StageTimings } from './stages.js';
export type { SubmitMode, SubmitResult } from '../pipeline/ingest.js';
export { CommitTimeoutError, NodeStoppedError } from '../pipeline/errors.js';
