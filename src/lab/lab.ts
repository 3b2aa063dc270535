import {
  backupFederation,
  restoreFederation,
  type BackupSummary,
  type RestoreSummary,
} from './ledger/ledger-io.js';
import { createLabContext, type LabContext, type LabOptions } from './context.js';
import { downFederation, type DownSummary } from './down/down.js';
import { selectEngine } from './engine/engine.js';
import { defineFederation, loadFederationFile } from './federation-file/parse.js';
import type { FederationFileInput } from './federation-file/schema.js';
import { resolveFederation, type Federation } from './federation/model.js';
import { makeFault } from './fault/fault.js';
import type { FaultAction, FaultTarget } from './fault/plan.js';
import type { FaultRecord } from './fault/record.js';
import { federationLogs, type LogsOptions } from './logs/logs.js';
import { prepareMaterial, writeComposeFiles, type PreparedFiles } from './up/prepare-files.js';
import type { RunningFederation } from './up/running-federation.js';
import { upFederation, type UpOptions } from './up/up.js';
import { collectStatus } from './status/collect.js';
import type { ScenarioReport } from './scenario/report-types.js';
import { runScenario, type ScenarioOptions } from './scenario/runner.js';
import type { Scenario } from './scenario/schema.js';
import type { FederationStatus } from './status/types.js';
import { admitOperator, removeOperator, rotateKey } from './membership/index.js';
import { federationWithRoster } from './membership/roster.js';
import { savedRoster } from './membership/roster-store.js';
import type { AdmitOptions, GovernanceOptions, MembershipResult } from './membership/types.js';
import {
  issueApiKey,
  listApiKeys,
  revokeApiKey,
  type IssuedKey,
  type RevokedKey,
} from './api-keys/api-keys.js';
import type { ApiKeySummary } from './api-keys/key-list.js';

/** Membership commands find a running federation by name; `federation` (its file) helps until roster.json exists. */
export type MembershipOptions = GovernanceOptions & { federation?: FederationSource };

/** A federation given as a resolved Federation, a federation-file object, or a file path. */
export type FederationSource = Federation | FederationFileInput | { file: string };

/** The library API: everything the CLI does, for tests and programs. */
export interface Lab {
  readonly context: LabContext;
  /** Validates and resolves a federation (defaults filled, names derived). */
  federation(source: FederationSource): Promise<Federation>;
  /** Keys, configs, exchange and compose files only; starts nothing. */
  prepare(source: FederationSource): Promise<PreparedFiles>;
  up(source: FederationSource, options?: UpOptions): Promise<RunningFederation>;
  status(name: string): Promise<FederationStatus>;
  logs(name: string, options: LogsOptions, write: (line: string) => void): Promise<void>;
  down(name: string, options?: { volumes?: boolean }): Promise<DownSummary>;
  /**
   * One fault on one operator (kill, stop, start, restart, pause, unpause: its node and, on
   * rethinkdb, its server unless `target` narrows it; partition / heal: off / back on the
   * federation network). Recorded in `<stateDir>/<name>/faults.jsonl`; returns the record.
   */
  fault(
    name: string,
    action: FaultAction,
    operator: string,
    options?: { target?: FaultTarget },
  ): Promise<FaultRecord>;
  /**
   * Runs a scenario (docs/scenarios.md) on a fresh federation sc-<name> (or `options.federation`);
   * writes its report (and on failure a bundle) under `<stateDir>/<federation>/scenarios/`.
   */
  scenario(scenario: Scenario, options?: ScenarioOptions): Promise<ScenarioReport>;
  /**
   * Admission (issue 12): the candidate makes its material, the members vote under the
   * governance rule; approved, it joins the cluster and votes; rejected, nothing changes.
   */
  admit(
    name: string,
    operator: string,
    options?: MembershipOptions & AdmitOptions,
  ): Promise<MembershipResult>;
  /** Removal by the same governance; approved, its containers go and the rest still commit. */
  remove(name: string, operator: string, options?: MembershipOptions): Promise<MembershipResult>;
  /** A new keypair for `operator` in a new epoch; the old key no longer counts. */
  rotateKey(name: string, operator: string, options?: MembershipOptions): Promise<MembershipResult>;
  /** A consistent, versioned archive of the ledger (blocks, votes, backlog, membership) in `file`. */
  backup(name: string, file: string): Promise<BackupSummary>;
  /** An archive into a fresh federation with the same members; refused otherwise, before any write. */
  restore(name: string, file: string): Promise<RestoreSummary>;
  /** Read API keys of one operator's node (policy.read "api-key"); issue returns the key, once. */
  readonly apiKeys: ApiKeysApi;
}

export interface ApiKeysApi {
  issue(name: string, operator: string, label?: string): Promise<IssuedKey>;
  list(name: string, operator: string): Promise<ApiKeySummary[]>;
  revoke(name: string, operator: string, id: string): Promise<RevokedKey>;
}

export function createLab(options: LabOptions = {}): Lab {
  const context = createLabContext(options);
  const federation = (source: FederationSource) => toFederation(source);
  const lab: Lab = {
    context,
    federation,
    async prepare(source) {
      const fed = await federation(source);
      const engine = await selectEngine(fed.engine, context.docker, context.images);
      const prepared = await prepareMaterial(fed, engine, context);
      await writeComposeFiles(fed, engine, prepared.paths, context);
      return prepared;
    },
    up: async (source, upOptions) => {
      const file = await federation(source);
      const {
        federation: fed,
        admitted,
        removed,
      } = federationWithRoster(file, await savedRoster(context.stateDir, file.name));
      if (admitted.length + removed.length > 0)
        context.progress.note(
          `membership changed since the federation file: using roster.json (admitted: ${admitted.join(', ') || 'none'}; removed: ${removed.join(', ') || 'none'})`,
        );
      return upFederation(fed, context, upOptions);
    },
    status: (name) => collectStatus(name, context),
    logs: (name, logOptions, write) => federationLogs(name, context, logOptions, write),
    down: (name, downOptions) => downFederation(context.docker, name, downOptions),
    fault: (name, action, operator, faultOptions = {}) =>
      makeFault(context.docker, context.stateDir, {
        federation: name,
        operator,
        action,
        ...(faultOptions.target === undefined ? {} : { target: faultOptions.target }),
      }),
    scenario: (scenario, scenarioOptions) => runScenario(lab, scenario, scenarioOptions),
    admit: async (name, operator, { federation: source, ...rest } = {}) =>
      admitOperator(context, name, operator, { ...rest, ...(await fileOf(source)) }),
    remove: async (name, operator, { federation: source, ...rest } = {}) =>
      removeOperator(context, name, operator, { ...rest, ...(await fileOf(source)) }),
    rotateKey: async (name, operator, { federation: source, ...rest } = {}) =>
      rotateKey(context, name, operator, { ...rest, ...(await fileOf(source)) }),
    backup: (name, file) => backupFederation(context, name, file),
    restore: (name, file) => restoreFederation(context, name, file),
    apiKeys: {
      issue: (name, operator, label) => issueApiKey(context, name, operator, label),
      list: (name, operator) => listApiKeys(context, name, operator),
      revoke: (name, operator, id) => revokeApiKey(context, name, operator, id),
    },
  };
  return lab;
}

const fileOf = async (source: FederationSource | undefined): Promise<{ federationFile?: Federation }> =>
  source === undefined ? {} : { federationFile: await toFederation(source) };

async function toFederation(source: FederationSource): Promise<Federation> {
  if (isResolved(source)) return source;
  if ('file' in source && typeof source.file === 'string')
    return resolveFederation(await loadFederationFile(source.file));
  return resolveFederation(defineFederation(source as FederationFileInput));
}

function isResolved(source: FederationSource): source is Federation {
  return (
    'network' in source &&
    Array.isArray(source.operators) &&
    source.operators.every((op) => typeof op === 'object' && 'project' in op)
  );
}
