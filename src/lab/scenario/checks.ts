import type { z } from 'zod';
import type { Expectation } from './expect-schema.js';
import type { FaultStep, LoadStep, MembershipStep, Step } from './step-schema.js';

type Path = (string | number)[];
type Issue = { path: Path; message: string };

/**
 * What one step cannot know alone: load ids, what an `await` or an expectation refers to, the
 * operators named, and faults the engines listed cannot make. Issues point at the step's key.
 */
export function checkSteps(
  steps: readonly Step[],
  operators: readonly string[],
  engines: readonly string[],
  ctx: z.RefinementCtx,
): void {
  const checker = new StepChecker(operators, engines);
  steps.forEach((step, i) => checker.check(step, i));
  for (const issue of checker.issues) ctx.addIssue({ code: 'custom', ...issue });
}

class StepChecker {
  readonly issues: Issue[] = [];
  /** Background loads started so far: id -> step index. */
  private readonly background = new Map<string, number>();
  private readonly awaited = new Map<string, number>();
  private readonly finished = new Set<string>();
  private anyFinished = false;
  private backupBefore = false;

  /** The operators at this point of the scenario (membership steps add and remove some). */
  private operators: string[];

  constructor(
    operators: readonly string[],
    private readonly engines: readonly string[],
  ) {
    this.operators = [...operators];
  }

  check(step: Step, i: number): void {
    const at = (...rest: Path): Path => ['steps', i, ...rest];
    if (step.kind === 'load') this.load(step.load, i, at);
    else if (step.kind === 'await') this.await(step.await, i, at);
    else if (step.kind === 'fault') this.fault(step.fault, at);
    else if (step.kind === 'expect') this.expect(step.expect, at);
    else if (step.kind === 'membership') this.membership(step.membership, at);
    else if (step.kind === 'backup') this.backupBefore = true;
    else if (step.kind === 'restore' && step.restore.file === undefined && !this.backupBefore)
      this.issue(at('restore'), 'needs a backup step before it, or a file');
  }

  private issue(path: Path, message: string): void {
    this.issues.push({ path, message });
  }

  private operator(name: string, path: Path): void {
    if (!this.operators.includes(name))
      this.issue(path, `no operator "${name}" in the federation (${this.operators.join(', ')})`);
  }

  private load(load: LoadStep, i: number, at: (...rest: Path) => Path): void {
    const { id, operators = [], background } = load;
    if (id !== undefined && (this.background.has(id) || this.finished.has(id)))
      this.issue(at('load', 'id'), `duplicate load id "${id}"`);
    operators.forEach((op, j) => this.operator(op, at('load', 'operators', j)));
    if (id !== undefined && background) this.background.set(id, i);
    else if (id !== undefined) this.finished.add(id);
    if (!background) this.anyFinished = true;
  }

  private await(id: string, i: number, at: (...rest: Path) => Path): void {
    const first = this.awaited.get(id);
    if (first !== undefined)
      return this.issue(at('await'), `load "${id}" is already awaited by steps.${first}`);
    if (!this.background.has(id)) {
      const known = [...this.background.keys()];
      const list =
        known.length > 0
          ? `background loads started before it: ${known.join(', ')}`
          : 'none started before it';
      return this.issue(at('await'), `no background load "${id}" to await (${list})`);
    }
    this.awaited.set(id, i);
    this.finished.add(id);
    this.anyFinished = true;
  }

  /** admit names a newcomer; remove and rotate-key a member. An approved admit or remove changes who is there. */
  private membership(step: MembershipStep, at: (...rest: Path) => Path): void {
    const known = this.operators.includes(step.operator);
    if (step.action === 'admit' && known)
      this.issue(at('membership', 'operator'), `operator "${step.operator}" is a member already`);
    if (step.action !== 'admit') this.operator(step.operator, at('membership', 'operator'));
    (step['reject-by'] ?? []).forEach((op, j) => this.operator(op, at('membership', 'reject-by', j)));
    if (step.outcome !== 'approved') return;
    if (step.action === 'admit' && !known) this.operators.push(step.operator);
    if (step.action === 'remove') this.operators = this.operators.filter((op) => op !== step.operator);
  }

  /** Partitions, and faults on an operator's own database server, need engine rethinkdb. */
  private fault(fault: FaultStep, at: (...rest: Path) => Path): void {
    this.operator(fault.operator, at('fault', 'operator'));
    if (!this.engines.includes('reqlite')) return;
    const hint = 'needs engine rethinkdb (reqlite is one shared server); set engines: [rethinkdb]';
    if (fault.action === 'partition' || fault.action === 'heal')
      this.issue(at('fault', 'action'), `${fault.action} ${hint}`);
    else if (fault.target === 'database') this.issue(at('fault', 'target'), `target database ${hint}`);
  }

  private expect(e: Expectation, at: (...rest: Path) => Path): void {
    if ((e.kind === 'all-valid' || e.kind === 'latency' || e.kind === 'availability') && !this.anyFinished)
      this.issue(
        at('expect'),
        `${e.kind} needs a finished load before it: a load step, or an await of a background load`,
      );
    if (e.kind === 'all-valid')
      (e.loads ?? []).forEach((id, j) => {
        if (!this.finished.has(id))
          this.issue(at('expect', 'all-valid', 'loads', j), `no load "${id}" has finished before this step`);
      });
    if (e.kind === 'votes') this.operator(e.operator, at('expect', 'votes', 'operator'));
  }
}
