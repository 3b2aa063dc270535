import { CommandFailedError } from '../../shared/errors.js';
import { NODE_CONFIG_IN_CONTAINER } from '../compose/operator-compose.js';
import type { LabContext } from '../context.js';
import { designatedOperator, type Engine, type Federation } from '../federation/model.js';
import { nodeService } from '../federation/names.js';
import type { FederationPaths } from '../material/paths.js';
import { operatorProjectOf } from './projects.js';

/**
 * The designated operator (the first) runs `init`, `set-shards 1`, `set-replicas R` with its own
 * node image and config, as the seed's operators would. reqlite cannot reconfigure tables, so
 * those two are skipped with a plain note. An existing database is kept (an `up` after `down`
 * without --volumes).
 */
export async function initDatabase(
  federation: Federation,
  engine: Engine,
  paths: FederationPaths,
  ctx: LabContext,
  note: (message: string) => void,
): Promise<void> {
  const op = designatedOperator(federation);
  const project = operatorProjectOf(op, paths);
  const node = (...args: string[]) =>
    ctx.compose.run(project, nodeService(op.name), ['-c', NODE_CONFIG_IN_CONTAINER, ...args]);
  try {
    await node('init');
  } catch (error) {
    if (!(error instanceof CommandFailedError) || !/already exist/i.test(error.message)) throw error;
    note(`database already initialized; kept as it is (${op.name})`);
  }
  if (engine === 'reqlite') {
    note('reqlite cannot reconfigure tables: set-shards and set-replicas skipped (one in-memory copy)');
    return;
  }
  await node('set-shards', '1');
  await node('set-replicas', String(federation.replicas));
}
