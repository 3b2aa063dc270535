import { FedlabError } from '../../shared/errors.js';

/** A command used wrongly (bad argument, refused without -y). */
export class CliUsageError extends FedlabError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CLI_USAGE', message, { details });
  }
}

/** `configure` without -y over an existing config file. */
export class ConfigExistsError extends FedlabError {
  constructor(path: string) {
    super(
      'CONFIG_EXISTS',
      `config file ${path} already exists; pass -y to overwrite it (this makes a NEW keypair)`,
      { details: { path } },
    );
  }
}
