import type { ScenarioRun } from '../run-state.js';
import type { Step } from '../step-schema.js';
import { runExpect } from './expect-step.js';
import { runFault } from './fault-step.js';
import { runBackup, runRestore } from './ledger-steps.js';
import { awaitLoad, runLoad } from './load-steps.js';
import { runMembership } from './membership-step.js';

/** Runs one step; returns the line for the report, throws when the step fails. */
export async function runStep(run: ScenarioRun, step: Step, index: number): Promise<string> {
  switch (step.kind) {
    case 'load':
      return runLoad(run, step.load, index);
    case 'await':
      return awaitLoad(run, step.await);
    case 'fault':
      return runFault(run, step.fault, step.name);
    case 'wait':
      await run.services.sleep(step.waitMs, run.signal);
      return 'waited';
    case 'backup':
      return runBackup(run, step.backup.file, index);
    case 'restore':
      return runRestore(run, step.restore, step.name);
    case 'membership':
      return runMembership(run, step.membership, step.name);
    case 'expect':
      return runExpect(run, step.expect, step.name);
  }
}
