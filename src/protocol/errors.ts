import { FedlabError } from '../shared/errors.js';

/** A builder was called with arguments that cannot make a transaction (programming error). */
export class TransactionBuildError extends FedlabError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('TX_BUILD', message, { details });
  }
}

/** A membership proposal that cannot apply to the current epoch (see membership/record.ts). */
export class MembershipChangeError extends FedlabError {
  constructor(problem: string) {
    super('MEMBERSHIP_CHANGE_INVALID', `membership change refused: ${problem}`, { details: { problem } });
  }
}
