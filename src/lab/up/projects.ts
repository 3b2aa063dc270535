import type { ComposeProject } from '../docker/compose-runner.js';
import type { Federation, OperatorSpec } from '../federation/model.js';
import { databaseProject } from '../federation/names.js';
import type { FederationPaths } from '../material/paths.js';

export const operatorProjectOf = (op: OperatorSpec, paths: FederationPaths): ComposeProject => ({
  name: op.project,
  file: paths.composeFile(op.name),
});

export const sharedDatabaseProjectOf = (federation: Federation, paths: FederationPaths): ComposeProject => ({
  name: databaseProject(federation.name),
  file: paths.databaseComposeFile,
});
