import { FedlabError } from '../../shared/errors.js';

/** `fedlab admit` of an operator that is already a member. */
export class AlreadyMemberError extends FedlabError {
  constructor(federation: string, operator: string) {
    super(
      'OPERATOR_ALREADY_MEMBER',
      `operator "${operator}" is already a member of federation "${federation}"; pick another name, ` +
        `or remove it first: fedlab remove ${operator}`,
      { details: { federation, operator } },
    );
  }
}

/** The federation's state directory says too little to change its membership. */
export class RosterUnknownError extends FedlabError {
  constructor(federation: string, file: string, problem: string) {
    super(
      'ROSTER_UNKNOWN',
      `the members of federation "${federation}" are unknown to the lab (${problem}); run the command ` +
        `with the federation file it was brought up with (-f FILE) and the same --state-dir (${file})`,
      { details: { federation, file, problem } },
    );
  }
}

/** A member's node answered a membership command with something the lab cannot read. */
export class MembershipAnswerError extends FedlabError {
  constructor(command: string, operator: string, problem: string) {
    super(
      'MEMBERSHIP_ANSWER_INVALID',
      `bigchaindb membership ${command} (${operator}) answered something the lab cannot read (${problem}); ` +
        'is the node image older than the lab? rebuild it: npm run build && ./scripts/build-images.sh',
      { details: { command, operator, problem } },
    );
  }
}

/** The node refused to record the change (it cannot apply to the current epoch). */
export class MembershipRefusedError extends FedlabError {
  constructor(operator: string, problem: string, cause?: unknown) {
    super(
      'MEMBERSHIP_CHANGE_REFUSED',
      `the federation refused the membership change for "${operator}": ${problem}; ` +
        'see fedlab status for the current epoch and its members',
      { details: { operator, problem }, cause },
    );
  }
}

/** The change is not possible as asked (bad --reject-by, removing the last member, ...). */
export class MembershipUsageError extends FedlabError {
  constructor(problem: string, details: Record<string, unknown> = {}) {
    super('MEMBERSHIP_USAGE', problem, { details });
  }
}

/** The membership table holds no epoch 0: the database was initialized before issue 12. */
export class MembershipNotRecordedError extends FedlabError {
  constructor(operator: string) {
    super(
      'MEMBERSHIP_NOT_RECORDED',
      `${operator}'s node finds no membership epoch in the database (it was initialized by a lab or ` +
        'node older than membership changes); recreate the federation: fedlab down --volumes, then fedlab up',
      { details: { operator } },
    );
  }
}

/** What a committed change still lacks, in words (for the two errors below). */
export interface UnfinishedChange {
  change: string;
  operator: string;
  epoch: number;
  members: readonly { operator: string }[];
  remaining: readonly string[];
}

const committed = (c: UnfinishedChange): string =>
  `epoch ${c.epoch} is committed (${c.change} ${c.operator}; members: ${c.members
    .map((m) => m.operator)
    .sort()
    .join(', ')})`;

/**
 * A step after the commit failed (issue 16): the federation is in the new epoch, the lab has not
 * finished following it. Running the same command again finishes the remaining steps.
 */
export class MembershipIncompleteError extends FedlabError {
  constructor(c: UnfinishedChange, failed: string, problem: string, cause?: unknown) {
    const rest = c.remaining.filter((s) => s !== failed);
    super(
      'MEMBERSHIP_INCOMPLETE',
      `${committed(c)}, but "${failed}" failed: ${problem}. Not done yet: ${[failed, ...rest].join('; ')}. ` +
        `Fix that, then run \`fedlab ${c.change} ${c.operator}\` again: it finishes these steps (nothing is voted again)`,
      { details: { ...c, failed, problem }, cause },
    );
  }
}

/** Another change is asked for while a committed one is not finished. */
export class MembershipUnfinishedError extends FedlabError {
  constructor(c: UnfinishedChange, asked: string) {
    super(
      'MEMBERSHIP_UNFINISHED',
      `${committed(c)} and not finished (not done yet: ${c.remaining.join('; ')}); ` +
        `finish it first: fedlab ${c.change} ${c.operator} (then ${asked})`,
      { details: { ...c, asked } },
    );
  }
}
