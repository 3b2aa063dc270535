import { FedlabError } from '../shared/errors.js';

/** The Docker engine does not answer at the endpoint the lab was given. */
export class DockerUnreachableError extends FedlabError {
  constructor(endpoint: string, cause?: unknown) {
    super('DOCKER_UNREACHABLE', `Docker engine not reachable at ${endpoint}; run ./scripts/setup.sh`, {
      details: { endpoint },
      cause,
    });
  }
}

/** An image the federation needs is not present locally and could not be built. */
export class ImageMissingError extends FedlabError {
  constructor(images: readonly string[], hint: string) {
    super(
      'IMAGE_MISSING',
      `image${images.length > 1 ? 's' : ''} ${images.join(', ')} missing locally; ${hint}`,
      {
        details: { images },
      },
    );
  }
}

/** Two operators want the same host port, or a port is already taken on 127.0.0.1. */
export class PortConflictError extends FedlabError {
  constructor(port: number, holder: string, hint: string) {
    super('PORT_CONFLICT', `host port 127.0.0.1:${port} is ${holder}; ${hint}`, {
      details: { port, holder },
    });
  }
}

/** Material on disk (config, bundle) is missing or malformed. */
export class MaterialError extends FedlabError {
  constructor(file: string, problem: string, cause?: unknown) {
    super('MATERIAL_INVALID', `${file}: ${problem}`, { details: { file }, cause });
  }
}

/** The public-bundle exchange cannot be planned (duplicate keys, unknown operators, ...). */
export class ExchangeError extends FedlabError {
  constructor(problem: string, details: Record<string, unknown> = {}) {
    super('EXCHANGE_INVALID', problem, { details });
  }
}

/** The federation is not running (no container carries its label). */
export class FederationNotFoundError extends FedlabError {
  constructor(federation: string) {
    super(
      'FEDERATION_NOT_FOUND',
      `no container of federation "${federation}" exists; run \`fedlab up\` first`,
      {
        details: { federation },
      },
    );
  }
}

/** A node answered over HTTP with something the lab cannot use. */
export class NodeApiError extends FedlabError {
  constructor(url: string, problem: string, cause?: unknown) {
    super('NODE_API', `${url}: ${problem}`, { details: { url }, cause });
  }
}

/** A fault names an operator the running federation does not have. */
export class UnknownOperatorError extends FedlabError {
  constructor(federation: string, operator: string, known: readonly string[]) {
    super(
      'OPERATOR_UNKNOWN',
      `federation "${federation}" has no operator "${operator}"; its operators are: ${known.join(', ')}`,
      { details: { federation, operator, known } },
    );
  }
}

/** `fedlab fault` was given an action or target it does not know. */
export class FaultUsageError extends FedlabError {
  constructor(what: 'action' | 'target', value: string, known: readonly string[]) {
    super(
      what === 'action' ? 'FAULT_ACTION_UNKNOWN' : 'FAULT_TARGET_UNKNOWN',
      `unknown fault ${what} "${value}"; use one of: ${known.join(', ')}`,
      { details: { [what]: value, known } },
    );
  }
}

/** The fault cannot be made on this federation as it is (engine, state); says why and what instead. */
export class FaultNotPossibleError extends FedlabError {
  constructor(problem: string, details: Record<string, unknown> = {}) {
    super('FAULT_NOT_POSSIBLE', problem, { details });
  }
}

/** The engine refused the fault on at least one container; the record in faults.jsonl says which. */
export class FaultFailedError extends FedlabError {
  constructor(summary: string, failures: readonly string[]) {
    super('FAULT_FAILED', `${summary}; failed: ${failures.join('; ')}`, { details: { failures } });
  }
}
