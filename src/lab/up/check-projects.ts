import type { DockerClient } from '../docker/docker-client.js';
import { FedlabError } from '../../shared/errors.js';
import type { Federation } from '../federation/model.js';
import { LABEL_FEDERATION, databaseProject } from '../federation/names.js';

/** Compose's own label naming a container's project. */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

/** A compose project this federation needs already belongs to another federation. */
export class ProjectNameTakenError extends FedlabError {
  constructor(project: string, owner: string, federation: string) {
    super(
      'PROJECT_NAME_TAKEN',
      `compose project ${project} already belongs to federation "${owner}", not "${federation}" ` +
        `(names fedlab-<federation>-<operator> can coincide, e.g. "demo"+"x-a" and "demo-x"+"a"); ` +
        `rename this federation or an operator, or take "${owner}" down first`,
      { details: { project, owner, federation } },
    );
  }
}

/**
 * Project names are fedlab-<federation>-<operator>, and both parts may contain "-", so two
 * federations can ask for the same project (and would share its containers and volumes). Refuse
 * before anything starts rather than let compose mix them.
 */
export async function checkProjectNames(federation: Federation, docker: DockerClient): Promise<void> {
  const wanted = new Set([databaseProject(federation.name), ...federation.operators.map((op) => op.project)]);
  for (const c of await docker.listContainers({})) {
    const project = c.labels[COMPOSE_PROJECT_LABEL];
    if (project === undefined || !wanted.has(project)) continue;
    const owner = c.labels[LABEL_FEDERATION];
    if (owner !== federation.name)
      throw new ProjectNameTakenError(project, owner ?? '(not fedlab)', federation.name);
  }
}
