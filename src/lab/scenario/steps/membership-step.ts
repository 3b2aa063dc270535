/**
 * A membership step (issue 12): admit, remove or rotate-key through the lab, by the governance
 * rule (members in `reject-by` vote no). Before the first such step the decided blocks' statuses
 * are taken from the tables, so `expect: epoch` can show none of them changed. Afterwards the
 * run's operators (load and check targets) are read again from `status`.
 */
import { ScenarioStepError } from '../errors.js';
import type { ScenarioRun } from '../run-state.js';
import type { MembershipStep } from '../step-schema.js';

export async function runMembership(
  run: ScenarioRun,
  step: MembershipStep,
  stepName: string,
): Promise<string> {
  run.decidedBefore ??= await run.services.decidedStatuses(run.federation);
  const options = {
    ...(step['reject-by'] ? { rejectBy: step['reject-by'] } : {}),
    ...(run.source ? { federation: run.source } : {}),
  };
  const lab = run.lab;
  const result =
    step.action === 'admit'
      ? await lab.admit(run.federation, step.operator, options)
      : step.action === 'remove'
        ? await lab.remove(run.federation, step.operator, options)
        : await lab.rotateKey(run.federation, step.operator, options);
  const votes = result.votes.map((v) => `${v.operator} ${v.vote}`).join(', ');
  if (result.outcome !== step.outcome)
    throw new ScenarioStepError(
      stepName,
      `${step.action} ${step.operator} was ${result.outcome}, not ${step.outcome} (votes: ${votes})`,
    );
  if (result.outcome === 'approved') await refreshOperator(run, step);
  return `${result.outcome} under ${result.rule} (${votes}); epoch ${result.epoch}: ${result.members.map((m) => m.operator).join(', ')}`;
}

/** The run's targets after an approved change: a removed operator goes; an admitted or re-keyed one is read from status. */
async function refreshOperator(run: ScenarioRun, step: MembershipStep): Promise<void> {
  const others = run.operators.filter((op) => op.name !== step.operator);
  if (step.action === 'remove') {
    run.operators = others;
    return;
  }
  const op = (await run.lab.status(run.federation)).operators.find((o) => o.name === step.operator);
  if (op?.apiUrl === undefined || op.publicKey === undefined) return;
  run.operators = [...others, { name: op.name, apiUrl: op.apiUrl, publicKey: op.publicKey }];
}
