import { setTimeout as delay } from 'node:timers/promises';
import type { Lab } from '../lab.js';
import { writeScenarioBundle, type BundleInput } from './bundle.js';
import {
  backupFederation,
  checkLedger,
  decidedStatuses,
  txTimelines,
  collectNodeViews,
  exportLedger,
  lostTransactions,
  recount,
  restoreFederation,
  startLoad,
  waitAllValid,
  type BackupSummary,
  type InvariantReport,
  type LoadHandle,
  type LoadSpec,
  type LoadTarget,
  type PostedTx,
  type RestoreSummary,
  type TxTimeline,
} from './deps.js';
import { blockEpochOf, epochOf, postProbe, validBlocksHolding, votersOf } from './node-reads.js';

/** What of the lab a scenario uses. */
export type ScenarioLab = Pick<
  Lab,
  'context' | 'up' | 'down' | 'fault' | 'status' | 'admit' | 'remove' | 'rotateKey'
>;

/**
 * Everything outside the runner that a scenario touches besides the lab: load, checks, the
 * ledger's backup and restore, node reads, the bundle, and time. Tests pass fakes.
 */
export interface ScenarioServices {
  startLoad(spec: LoadSpec, targets: () => LoadTarget[]): LoadHandle;
  waitAllValid(
    targets: LoadTarget[],
    txIds: string[],
    withinMs: number,
  ): Promise<{ ok: boolean; afterMs: number; notValid: unknown[] }>;
  /** The full check: the tables exported, what the nodes say, what was posted. */
  checkInvariants(federation: string, targets: LoadTarget[], posted: PostedTx[]): Promise<InvariantReport>;
  /** The accepted transactions of `posted` in no VALID block, recounted from the tables. */
  lostTransactions(federation: string, posted: PostedTx[]): Promise<string[]>;
  /** Every decided block's status, recounted from the tables (block id -> valid | invalid). */
  decidedStatuses(federation: string): Promise<Map<string, 'valid' | 'invalid'>>;
  epochOf(via: LoadTarget): Promise<number | undefined>;
  blockEpochOf(via: LoadTarget, blockId: string): Promise<number>;
  /**
   * What the tables say happened to these transactions: their blocks, the votes on them, and when
   * each became VALID (its block's deciding vote).
   */
  timelines(federation: string, txIds: ReadonlySet<string>): Promise<Map<string, TxTimeline>>;
  backup(federation: string, file: string): Promise<BackupSummary>;
  restore(federation: string, file: string): Promise<RestoreSummary>;
  postProbe(via: LoadTarget, data: Record<string, unknown>): Promise<string>;
  validBlocksHolding(via: LoadTarget, txId: string): Promise<string[]>;
  votersOf(via: LoadTarget, blockId: string): Promise<string[]>;
  writeBundle(input: BundleInput): Promise<void>;
  /** Unix milliseconds (the clock PostedTx times are on). */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function defaultServices(lab: ScenarioLab): ScenarioServices {
  const ctx = lab.context;
  const signalOption = ctx.signal ? { signal: ctx.signal } : {};
  return {
    startLoad: (spec, targets) => startLoad(spec, targets, signalOption),
    waitAllValid: (targets, ids, withinMs) => waitAllValid(targets, ids, withinMs, signalOption),
    async checkInvariants(federation, targets, posted) {
      const archive = await exportLedger(ctx, federation);
      const ids = posted.filter((tx) => tx.accepted).map((tx) => tx.id);
      const nodeViews = await collectNodeViews(targets, ids);
      return checkLedger({ archive, posted, nodeViews });
    },
    lostTransactions: async (federation, posted) =>
      lostTransactions(posted, recount(await exportLedger(ctx, federation))),
    timelines: async (federation, ids) => txTimelines(await exportLedger(ctx, federation), ids),
    decidedStatuses: async (federation) => decidedStatuses(await exportLedger(ctx, federation)),
    epochOf,
    blockEpochOf,
    backup: (federation, file) => backupFederation(ctx, federation, file),
    restore: (federation, file) => restoreFederation(ctx, federation, file),
    postProbe,
    validBlocksHolding,
    votersOf,
    writeBundle: (input) => writeScenarioBundle(ctx, input),
    now: () => Date.now(),
    sleep: async (ms, signal) => {
      await delay(ms, undefined, signal ? { signal } : {});
    },
  };
}
