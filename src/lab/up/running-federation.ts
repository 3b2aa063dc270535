import type { LabContext } from '../context.js';
import { downFederation, type DownSummary } from '../down/down.js';
import type { Engine, Federation } from '../federation/model.js';
import { localApiUrl } from '../node-api/node-api.js';
import type { PublicBundle } from '../exchange/public-bundle.js';
import type { StepTiming } from '../progress/progress.js';
import type { DatabaseSummary } from './init-federation-database.js';
import { collectStatus } from '../status/collect.js';
import type { FederationStatus } from '../status/types.js';

export interface OperatorEndpoint {
  readonly name: string;
  readonly publicKey: string;
  /** Its node API on this machine: http://127.0.0.1:<port> */
  readonly apiUrl: string;
  readonly rethinkdbHost: string;
  readonly nodeHost: string;
  readonly project: string;
  /** Its own directory (keypair, .bigchaindb, rethinkdb.conf, compose.yaml). */
  readonly directory: string;
}

/** A federation that reached "federation ready". `down()` is idempotent. */
export interface RunningFederation {
  readonly name: string;
  readonly engine: Engine;
  readonly engineNote: string;
  readonly operators: readonly OperatorEndpoint[];
  /** Servers, replicas, write acks and node users as the database reported them at `up`. */
  readonly database: DatabaseSummary;
  /** Id of the probe transaction that was VALID on every node (none when policy.create is a list). */
  readonly probeTransactionId: string | undefined;
  readonly timings: readonly StepTiming[];
  /** Time from the start of `up` to "federation ready". */
  readonly readyAfterMs: number;
  status(): Promise<FederationStatus>;
  down(options?: { volumes?: boolean }): Promise<DownSummary>;
}

export function runningFederation(
  federation: Federation,
  facts: {
    engine: Engine;
    engineNote: string;
    bundles: readonly PublicBundle[];
    probeTransactionId: string | undefined;
    readyAfterMs: number;
    directory: (op: string) => string;
    database: DatabaseSummary;
  },
  ctx: LabContext,
): RunningFederation {
  const operators = federation.operators.map((op) => ({
    name: op.name,
    publicKey: facts.bundles.find((b) => b.operator === op.name)?.publicKey ?? '',
    apiUrl: localApiUrl(op.apiPort),
    rethinkdbHost: op.rethinkdbHost,
    nodeHost: op.nodeHost,
    project: op.project,
    directory: facts.directory(op.name),
  }));
  return {
    name: federation.name,
    engine: facts.engine,
    engineNote: facts.engineNote,
    operators,
    database: facts.database,
    probeTransactionId: facts.probeTransactionId,
    timings: [...ctx.progress.timings],
    readyAfterMs: facts.readyAfterMs,
    status: () => collectStatus(federation.name, ctx),
    // Label-based, so calling it again (or after a crash) removes whatever is left, nothing else.
    down: (options = {}) => downFederation(ctx.docker, federation.name, options),
  };
}
