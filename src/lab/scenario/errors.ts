import { FedlabError } from '../../shared/errors.js';

/** An expectation of a scenario was not met in its time limit; the message says what was seen. */
export class ExpectationMissedError extends FedlabError {
  constructor(step: string, problem: string, details: Record<string, unknown> = {}) {
    super('SCENARIO_EXPECTATION_MISSED', `${step}: ${problem}`, { details: { step, ...details } });
  }
}

/** A step cannot run as written against this federation; says why and what to do instead. */
export class ScenarioStepError extends FedlabError {
  constructor(step: string, problem: string) {
    super('SCENARIO_STEP_IMPOSSIBLE', `${step}: ${problem}`, { details: { step } });
  }
}

/** A short list of items for a message: the first few, then how many more. */
export function preview(items: readonly unknown[], max = 3): string {
  const shown = items.slice(0, max).map(describeItem);
  return items.length > max ? `${shown.join(', ')} and ${items.length - max} more` : shown.join(', ');
}

/** A string as it is; a not-VALID entry ({txId, operator, status}) as "<id…> on <operator> (<status>)". */
function describeItem(item: unknown): string {
  if (typeof item === 'string') return item;
  const { txId, operator, status } = (item ?? {}) as Record<string, unknown>;
  if (typeof txId === 'string') return `${txId.slice(0, 12)}… on ${String(operator)} (${String(status)})`;
  return JSON.stringify(item);
}
