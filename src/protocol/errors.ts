import { FedlabError } from '../shared/errors.js';

/** A builder was called with arguments that cannot make a transaction (programming error). */
export class TransactionBuildError extends FedlabError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('TX_BUILD', message, { details });
  }
}
