/**
 * `bigchaindb export` / `import` in a one-shot container of the designated operator's node
 * service (as up/cluster-cli.ts runs the cluster commands): on rethinkdb as the admin user, the
 * password passed by environment variable name only; on reqlite without a password. The archive
 * travels through stdout (export) and stdin (import).
 */
import { CommandFailedError, FedlabError } from '../../shared/errors.js';
import { NODE_CONFIG_IN_CONTAINER } from '../compose/operator-compose.js';
import type { LabContext } from '../context.js';
import { ADMIN_USER, readAdminPassword } from '../material/database-credentials.js';
import type { LedgerTarget } from './ledger-target.js';

/** Export and import of a large ledger take a while; never less than this. */
const MIN_LEDGER_TIMEOUT_MS = 30 * 60_000;

export class LedgerCli {
  constructor(
    private readonly ctx: Pick<LabContext, 'compose' | 'timeouts'>,
    private readonly target: LedgerTarget,
  ) {}

  /** The archive's JSON text, as `bigchaindb export` printed it. */
  async export(options: { allTables?: boolean } = {}): Promise<string> {
    return this.run(['export', ...(options.allTables ? ['--all-tables'] : [])]);
  }

  /** `bigchaindb import -` with the archive on stdin; returns the JSON summary it printed. */
  async import(archiveText: string): Promise<string> {
    return this.run(['import', '-'], archiveText);
  }

  private async run(args: readonly string[], input?: string): Promise<string> {
    const env = await this.databaseEnv();
    const result = await this.ctx.compose
      .run(this.target.project, this.target.service, ['-c', NODE_CONFIG_IN_CONTAINER, ...args], {
        env,
        timeoutMs: Math.max(MIN_LEDGER_TIMEOUT_MS, this.ctx.timeouts.databaseMs),
        ...(input === undefined ? {} : { input }),
      })
      .catch((error: unknown) => {
        if (error instanceof CommandFailedError && /unknown command/i.test(error.message))
          throw new FedlabError(
            'NODE_IMAGE_OUTDATED',
            `the node image of "${this.target.federation}" has no \`bigchaindb ${args[0]}\`; rebuild it (npm run build && ./scripts/build-images.sh) and restart the federation (fedlab up)`,
            { cause: error },
          );
        throw error;
      });
    return result.stdout;
  }

  private async databaseEnv(): Promise<Record<string, string>> {
    const file = this.target.adminPasswordFile;
    if (file === undefined) return {};
    const password = await readAdminPassword(file);
    return { BIGCHAINDB_DATABASE_USER: ADMIN_USER, BIGCHAINDB_DATABASE_PASSWORD: password };
  }
}
