import type { FaultRecord } from '../../fault/record.js';
import type { ScenarioRun } from '../run-state.js';
import type { FaultStep } from '../step-schema.js';

/** A fault step: `lab.fault`, then who is live changes (loads stop posting to a faulted operator). */
export async function runFault(run: ScenarioRun, fault: FaultStep, stepName: string): Promise<string> {
  const { action, operator, target } = fault;
  // Taken away before the call: no post goes to a node while it is being killed or cut off.
  const fromMs = run.services.now();
  if (action === 'kill' || action === 'stop' || action === 'pause' || action === 'partition')
    run.noteFault(action, operator, fromMs, fromMs);
  const record = await run.lab.fault(
    run.federation,
    action,
    operator,
    target === undefined ? {} : { target },
  );
  run.noteFault(action, operator, fromMs, run.services.now());
  const summary = shortSummary(record);
  run.faults.push({
    atMs: run.sinceStart(fromMs),
    step: stepName,
    action,
    operator,
    ...(target === undefined ? {} : { target }),
    summary,
  });
  return summary;
}

/** "kill gamma: ok (bigchaindb-gamma done, rethinkdb-gamma done)": compose services, not container names. */
export function shortSummary(record: FaultRecord): string {
  const prefix = `fedlab-${record.federation}-${record.operator}-`;
  const service = (name: string) =>
    (name.startsWith(prefix) ? name.slice(prefix.length) : name).replace(/-\d+$/, '');
  const each = record.targets.map((t) => `${service(t)} ${record.outcomes[t] ?? '?'}`);
  return `${record.action} ${record.operator}: ${record.result} (${each.join(', ')})`;
}
