import type { DockerClient } from '../docker/docker-client.js';
import type { Engine, EngineChoice } from '../federation/model.js';

export interface EngineImages {
  node: string;
  reqlite: string;
  /** fedlab/rethinkdb (images.rethinkdb in images/versions.json), built by scripts/build-images.sh. */
  rethinkdb: string;
}

/** The label scripts/build-images.sh puts on the RethinkDB image: what it was built from. */
export const RETHINKDB_SOURCE_LABEL = 'fedlab.rethinkdb.source';

/**
 * auto: rethinkdb when fedlab's RethinkDB image is present locally, else reqlite. Never builds or
 * pulls for `auto`: CI has no registry, and an `up` must not depend on one.
 */
export async function selectEngine(
  choice: EngineChoice,
  docker: DockerClient,
  images: EngineImages,
): Promise<Engine> {
  if (choice !== 'auto') return choice;
  return (await docker.imageExists(images.rethinkdb)) ? 'rethinkdb' : 'reqlite';
}

/** What the engine is and what it cannot do, said plainly at `up` and in `status`. */
export function describeEngine(engine: Engine, operators: number): string {
  if (engine === 'rethinkdb') {
    return `engine rethinkdb: ${operators} RethinkDB 2.4 servers, one per operator, joined into one cluster`;
  }
  return (
    'engine reqlite: ONE shared in-memory reqlite server stands in for the RethinkDB cluster; ' +
    'it cannot cluster, replicate or reconfigure (no set-shards/set-replicas), and loses all data when it stops'
  );
}

/** Which RethinkDB image runs and what it was built from (its fedlab.rethinkdb.source label). */
export async function describeRethinkdbImage(docker: DockerClient, image: string): Promise<string> {
  const source = (await docker.imageLabels(image))?.[RETHINKDB_SOURCE_LABEL];
  return `RethinkDB image ${image}: ${source ?? `no ${RETHINKDB_SOURCE_LABEL} label (not built by scripts/build-images.sh)`}`;
}

/** The images one federation needs for this engine. */
export function imagesFor(engine: Engine, images: EngineImages): string[] {
  return engine === 'rethinkdb' ? [images.node, images.rethinkdb] : [images.node, images.reqlite];
}
