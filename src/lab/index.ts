// The lab's library API: the CLI (./cli/main.ts) is one more consumer of it.
export { createLab, type Lab, type ApiKeysApi, type FederationSource } from './lab.js';
export type { IssuedKey, RevokedKey } from './api-keys/api-keys.js';
export type { ApiKeySummary } from './api-keys/key-list.js';
export {
  createLabContext,
  DEFAULT_TIMEOUTS,
  type LabContext,
  type LabOptions,
  type Timeouts,
} from './context.js';

export {
  parseFederationFile,
  defineFederation,
  loadFederationFile,
  DEFAULT_FEDERATION_FILE,
} from './federation-file/parse.js';
export { exampleFederationFile, writeExampleFederationFile } from './federation-file/example.js';
export {
  federationFileSchema,
  type FederationFile,
  type FederationFileInput,
  type FederationPolicy,
} from './federation-file/schema.js';
export {
  resolveFederation,
  assignApiPorts,
  type Federation,
  type OperatorSpec,
  type Engine,
  type EngineChoice,
} from './federation/model.js';
export * as names from './federation/names.js';

export { planExchange, type ExchangeEntry } from './exchange/plan.js';
export type { PublicBundle } from './exchange/public-bundle.js';
export { renderRethinkdbConf } from './material/rethinkdb-conf.js';
export { FederationPaths, DEFAULT_STATE_DIR } from './material/paths.js';
export { renderOperatorCompose, type OperatorComposeInput } from './compose/operator-compose.js';
export {
  renderSharedDatabaseCompose,
  type SharedDatabaseComposeInput,
} from './compose/shared-database-compose.js';

export type { DockerClient, ContainerInfo } from './docker/docker-client.js';
export { DockerodeClient, type DockerodeClientOptions } from './docker/dockerode-client.js';
export { ComposeCli, type ComposeRunner, type ComposeProject } from './docker/compose-runner.js';
export { describeEngine, selectEngine } from './engine/engine.js';

export type { RunningFederation, OperatorEndpoint } from './up/running-federation.js';
export type { UpOptions } from './up/up.js';
export type { DownSummary } from './down/down.js';
export {
  FAULT_ACTIONS,
  FAULT_TARGETS,
  parseFaultAction,
  parseFaultTarget,
  planFaultTargets,
  planPartition,
  planHeal,
  type FaultAction,
  type FaultTarget,
  type FaultRequest,
  type NetworkCut,
} from './fault/plan.js';
export { readFaultRecords, faultSummary, type FaultRecord } from './fault/record.js';
export type { FederationStatus, OperatorStatus } from './status/types.js';
export { renderStatus } from './status/render.js';
export { NodeApi, localApiUrl, type TxStatus } from './node-api/node-api.js';
export { waitValidEverywhere } from './up/wait-ready.js';
// Transactions as the nodes take them (spec v2.0), built and signed by the shared protocol module.
export {
  buildCreate,
  buildTransfer,
  makeCreate,
  makeTransfer,
  makeOutput,
  makeThresholdCondition,
  signTransaction,
  type Transaction,
  type InputSigner,
} from '../protocol/index.js';
export {
  createProgress,
  PlainProgress,
  SilentProgress,
  type Progress,
  type StepTiming,
} from './progress/progress.js';
export { runDemo, type DemoOptions, type DemoResult } from './demo.js';
export * from './errors.js';
export * from './scenario/index.js';
export {
  renderMembershipResult,
  type MembershipResult,
  type AdmitOptions,
  type GovernanceOptions,
  type VoteLine,
} from './membership/index.js';
export {
  exportLedger,
  backupFederation,
  restoreFederation,
  type BackupSummary,
  type RestoreSummary,
} from './ledger/ledger-io.js';
