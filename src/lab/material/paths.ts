import { join, resolve } from 'node:path';

export const DEFAULT_STATE_DIR = '.fedlab';
/** The lab's own read API key beside an operator's .bigchaindb (see src/lab/api-keys/lab-api-key.ts). */
export const LAB_API_KEY_FILE = 'lab-api-key';

/**
 * Where a federation's files live: `<stateDir>/<federation>/<operator>/` holds everything that
 * belongs to one operator (its private key included); `public/` only what the operators share.
 */
export class FederationPaths {
  readonly root: string;
  constructor(
    stateDir: string,
    readonly federation: string,
  ) {
    this.root = resolve(stateDir, federation);
  }
  operatorDir(operator: string): string {
    return join(this.root, operator);
  }
  nodeConfig(operator: string): string {
    return join(this.operatorDir(operator), '.bigchaindb');
  }
  rethinkdbConf(operator: string): string {
    return join(this.operatorDir(operator), 'rethinkdb.conf');
  }
  /** The RethinkDB admin password (designated operator only; 0600, never copied elsewhere). */
  adminPassword(operator: string): string {
    return join(this.operatorDir(operator), 'rethinkdb-admin-password');
  }
  composeFile(operator: string): string {
    return join(this.operatorDir(operator), 'compose.yaml');
  }
  get publicDir(): string {
    return join(this.root, 'public');
  }
  publicBundle(operator: string): string {
    return join(this.publicDir, `${operator}.json`);
  }
  /** The shared reqlite server's project directory ("db" is a reserved operator name). */
  get databaseDir(): string {
    return join(this.root, 'db');
  }
  get databaseComposeFile(): string {
    return join(this.databaseDir, 'compose.yaml');
  }
  /** Every fault made with `fedlab fault`, one JSON line each, oldest first. */
  get faultLog(): string {
    return join(this.root, 'faults.jsonl');
  }
  /** The lab's own read API key for this operator's node (policy.read "api-key"; 0600). */
  labApiKey(operator: string): string {
    return join(this.operatorDir(operator), LAB_API_KEY_FILE);
  }
  /** What a partition of this operator cut (removed by heal). */
  partitionState(operator: string): string {
    return join(this.operatorDir(operator), 'partition.json');
  }
  failureDir(at: Date): string {
    return join(this.root, `failure-${at.toISOString().replace(/[:.]/g, '-')}`);
  }
}
