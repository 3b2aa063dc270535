import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FaultAction, NetworkCut } from './plan.js';

/**
 * What happened to one container: done; unchanged (the engine said it already was so);
 * disconnected / reconnected (partition, heal); already cut / already back; or "failed: why".
 */
export type TargetOutcome = string;

/** One line of `.fedlab/<federation>/faults.jsonl`. */
export interface FaultRecord {
  /** ISO 8601, when the fault was made. */
  time: string;
  federation: string;
  operator: string;
  action: FaultAction;
  /** Container names, in the order acted on. */
  targets: string[];
  /** ok when every target reached the wanted state, else failed. */
  result: 'ok' | 'failed';
  /** Each target's outcome. */
  outcomes: Record<string, TargetOutcome>;
  /** partition: what was cut (network and aliases), so heal restores exactly that. */
  cut?: NetworkCut[];
}

export const failedOutcome = (error: unknown): TargetOutcome =>
  `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`;

/** Pure: the record of a finished fault. */
export function faultRecord(input: {
  at: Date;
  federation: string;
  operator: string;
  action: FaultAction;
  outcomes: ReadonlyArray<readonly [container: string, outcome: TargetOutcome]>;
  cut?: readonly NetworkCut[];
}): FaultRecord {
  const outcomes = Object.fromEntries(input.outcomes);
  return {
    time: input.at.toISOString(),
    federation: input.federation,
    operator: input.operator,
    action: input.action,
    targets: input.outcomes.map(([container]) => container),
    result: input.outcomes.some(([, o]) => o.startsWith('failed')) ? 'failed' : 'ok',
    outcomes,
    ...(input.cut === undefined ? {} : { cut: input.cut.map((c) => ({ ...c, aliases: [...c.aliases] })) }),
  };
}

/** Pure: the one line `fedlab fault` prints. */
export function faultSummary(record: FaultRecord): string {
  const each = record.targets.map((t) => `${t} ${record.outcomes[t] ?? '?'}`).join(', ');
  return `${record.time} ${record.action} ${record.operator} of "${record.federation}": ${record.result} (${each})`;
}

export async function appendFaultRecord(file: string, record: FaultRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, JSON.stringify(record) + '\n', { mode: 0o644 });
}

/** Every record of the file, oldest first; none when it does not exist. */
export async function readFaultRecords(file: string): Promise<FaultRecord[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FaultRecord);
}
