import type { DockerClient } from '../docker/docker-client.js';
import type { Engine, EngineChoice } from '../federation/model.js';

export interface EngineImages {
  node: string;
  reqlite: string;
  rethinkdb: string;
}

/**
 * auto: rethinkdb when its official image is present locally, else reqlite. Never pulls: CI has
 * no registry, and an `up` must not depend on one.
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

/** The images one federation needs for this engine. */
export function imagesFor(engine: Engine, images: EngineImages): string[] {
  return engine === 'rethinkdb' ? [images.node, images.rethinkdb] : [images.node, images.reqlite];
}
