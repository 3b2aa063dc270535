import type { LabContext } from '../context.js';
import { readAdminPassword } from '../material/database-credentials.js';
import type { OperatorSpec } from '../federation/model.js';
import { nodeService } from '../federation/names.js';
import type { FederationPaths } from '../material/paths.js';
import { ClusterCli } from '../up/cluster-cli.js';
import { operatorProjectOf } from '../up/projects.js';
import type { Roster } from './types.js';

/**
 * The cluster's admin commands in a one-shot container of `runner`'s node service. The admin
 * password stays where `up` made it (the designated operator's directory, even once that operator
 * has left); it is read, never generated here: a new one would not match the cluster's.
 */
export async function clusterCliOf(
  ctx: LabContext,
  roster: Roster,
  paths: FederationPaths,
  runner: OperatorSpec,
): Promise<ClusterCli> {
  const file = paths.adminPassword(roster.adminOperator);
  const password = await readAdminPassword(file);
  return new ClusterCli(ctx, operatorProjectOf(runner, paths), nodeService(runner.name), password, file);
}
