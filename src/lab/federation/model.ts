import type { AdmissionRule } from '../../protocol/membership/index.js';
import { PortConflictError } from '../errors.js';
import { defaultReplicas, replicaWarnings } from '../federation-file/replicas.js';
import type { DatabaseSettings, FederationFile, FederationPolicy } from '../federation-file/schema.js';
import { networkName, nodeService, operatorProject, rethinkdbService } from './names.js';

export type EngineChoice = 'rethinkdb' | 'reqlite' | 'auto';
export type Engine = 'rethinkdb' | 'reqlite';

export interface OperatorSpec {
  readonly name: string;
  /** Position in the federation file; the first operator is the designated one. */
  readonly index: number;
  readonly rethinkdbHost: string;
  readonly nodeHost: string;
  /** Host port on 127.0.0.1 where its node API is published. */
  readonly apiPort: number;
  readonly project: string;
}

/** A validated federation file with every derived name resolved. */
export interface Federation {
  readonly name: string;
  readonly engine: EngineChoice;
  readonly operators: readonly OperatorSpec[];
  readonly replicas: number;
  /** How each RethinkDB server runs (published ports, cache size). */
  readonly database: DatabaseSettings;
  readonly network: string;
  readonly policy: FederationPolicy;
  /** governance.admission: the rule epoch 0 records (fedlab admit, remove, rotate-key ballots). */
  readonly admission: AdmissionRule;
  /** What the file allows but the person should know (e.g. replicas that cannot lose a server). */
  /** Replica counts that cannot survive losing a server (said at `up` on the rethinkdb engine). */
  readonly warnings: readonly string[];
  /** Keys of the file that nothing uses yet (said at every `up`). */
  readonly ignored: readonly string[];
}

export function resolveFederation(file: FederationFile): Federation {
  const ports = assignApiPorts(file.operators, file.basePort);
  const operators = file.operators.map((op, index) => ({
    name: op.name,
    index,
    rethinkdbHost: op.hostnames.rethinkdb ?? rethinkdbService(op.name),
    nodeHost: op.hostnames.node ?? nodeService(op.name),
    apiPort: ports[index] as number,
    project: operatorProject(file.name, op.name),
  }));
  const replicas = file.replicas ?? defaultReplicas(operators.length);
  return {
    name: file.name,
    engine: file.engine,
    operators,
    replicas,
    database: file.database,
    network: networkName(file.name),
    policy: file.policy,
    admission: file.governance?.admission ?? 'majority',
    warnings: replicaWarnings(replicas, operators.length),
    ignored: [],
  };
}

/** basePort + position unless an operator names its port; two operators on one port is an error. */
export function assignApiPorts(
  operators: readonly { name: string; apiPort?: number | undefined }[],
  basePort: number,
): number[] {
  const ports = operators.map((op, i) => op.apiPort ?? basePort + i);
  const owner = new Map<number, string>();
  ports.forEach((port, i) => {
    const name = operators[i]?.name ?? String(i);
    const other = owner.get(port);
    if (other !== undefined) {
      throw new PortConflictError(
        port,
        `wanted by both "${other}" and "${name}"`,
        'set a distinct apiPort or change basePort',
      );
    }
    owner.set(port, name);
  });
  return ports;
}

export function designatedOperator(federation: Federation): OperatorSpec {
  const first = federation.operators[0];
  if (first === undefined) throw new Error('a federation always has at least one operator (schema)');
  return first;
}
