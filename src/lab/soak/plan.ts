/**
 * The soak (issue 16) as a scenario, planned from its length alone (pure): segments of load, one
 * after the other, each with one thing happening under it. Fault segments take the four built-in
 * faults in turn (kill, pause, partition, database server loss) on the founders in turn (gamma,
 * beta, alpha), each fault healed after `faultMs` and the federation healthy again before the
 * next; one admission (delta) after the first third, and its removal after the second. Load runs
 * per segment (not one long load) so that a slow membership change cannot leave later faults
 * without load. At the end: every accepted transaction VALID exactly once (all-valid, invariants
 * from the tables), every node healthy, the epoch two changes on.
 */
import { formatDuration } from '../scenario/duration.js';
import { defineScenario } from '../scenario/parse.js';
import type { Scenario, ScenarioInput } from '../scenario/schema.js';

export interface SoakPlanOptions {
  /** Length of the soak's load, in all (the schedule's nominal length). */
  durationMs: number;
  /** Transactions per second, through every live node. */
  rate: number;
  seed?: number;
}

/** One fault and how it heals (the built-in scenarios' pairs). */
const FAULTS = [
  { name: 'kill -9', fault: { action: 'kill' }, heal: { action: 'start' } },
  {
    name: 'pause the node of',
    fault: { action: 'pause', target: 'node' },
    heal: { action: 'unpause', target: 'node' },
  },
  { name: 'cut off', fault: { action: 'partition' }, heal: { action: 'heal' } },
  {
    name: 'stop the RethinkDB server of',
    fault: { action: 'stop', target: 'database' },
    heal: { action: 'start', target: 'database' },
  },
] as const;
const FOUNDERS = ['gamma', 'beta', 'alpha'] as const;
const CANDIDATE = 'delta';

/** A fault lasts this long: past the liveness limit (3 s) and RethinkDB's failover. */
export const SOAK_FAULT_MS = 10_000;
/** Segments are a minute long in a soak of 10 minutes or more, else a fifth of it (at least 20 s). */
export const segmentMs = (durationMs: number): number =>
  durationMs >= 600_000 ? 60_000 : Math.max(20_000, Math.round(durationMs / 5));

export interface SoakSchedule {
  segmentMs: number;
  faults: number;
  /** After how many faults the admission and the removal come. */
  admitAfter: number;
  removeAfter: number;
}

/** How many segments the length holds: at least the four faults and the two changes. */
export function soakSchedule(durationMs: number): SoakSchedule {
  const seg = segmentMs(durationMs);
  const segments = Math.max(6, Math.floor(durationMs / seg));
  const faults = segments - 2;
  return {
    segmentMs: seg,
    faults,
    admitAfter: Math.max(1, Math.floor(faults / 3)),
    removeAfter: Math.max(2, Math.floor((2 * faults) / 3)),
  };
}

export function soakScenario(options: SoakPlanOptions): Scenario {
  const plan = soakSchedule(options.durationMs);
  const steps: NonNullable<ScenarioInput['steps']> = [];
  const load = (id: string, name: string) =>
    steps.push({
      name,
      load: {
        id,
        rate: options.rate,
        duration: formatDuration(plan.segmentMs),
        background: true,
        mix: { create: 2, transfer: 2, divisible: 1, threshold: 1 },
      },
    });
  const membership = (action: 'admit' | 'remove', n: number) => {
    load(`change-${n}`, `load while ${action === 'admit' ? 'admitting' : 'removing'} ${CANDIDATE}`);
    steps.push({
      name: `${action} ${CANDIDATE} under load`,
      after: '3s',
      membership: { action, operator: CANDIDATE },
    });
    steps.push({ await: `change-${n}` });
    steps.push({ name: `every node in epoch ${n}`, expect: { epoch: n, within: '60s' } });
  };
  for (let i = 0; i < plan.faults; i++) {
    const f = FAULTS[i % FAULTS.length]!;
    const operator = FOUNDERS[Math.floor(i / FAULTS.length) % FOUNDERS.length]!;
    load(`fault-${i + 1}`, `load during fault ${i + 1}`);
    steps.push({ name: `${f.name} ${operator}`, after: '5s', fault: { ...f.fault, operator } });
    steps.push({ wait: formatDuration(SOAK_FAULT_MS) });
    steps.push({ name: `heal ${operator}`, fault: { ...f.heal, operator } });
    steps.push({ await: `fault-${i + 1}` });
    steps.push({ name: `healthy after fault ${i + 1}`, expect: { healthy: true, within: '90s' } });
    if (i + 1 === plan.admitAfter) membership('admit', 1);
    if (i + 1 === plan.removeAfter) membership('remove', 2);
  }
  steps.push(
    { name: 'every accepted transaction VALID', expect: { 'all-valid': true, within: '90s' } },
    { name: 'nothing lost, nothing twice, statuses agree', expect: { invariants: true, within: '60s' } },
    { expect: { healthy: true, within: '90s' } },
  );
  return defineScenario(
    {
      name: 'soak',
      description: `${formatDuration(options.durationMs)} of load at ${options.rate}/s with ${plan.faults} faults, an admission and a removal`,
      seed: options.seed ?? 16,
      engines: ['rethinkdb'],
      steps,
    } as ScenarioInput,
    'the soak plan',
  );
}
