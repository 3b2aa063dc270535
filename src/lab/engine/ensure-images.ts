import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { imageVersions } from '../../shared/images.js';
import type { DockerClient } from '../docker/docker-client.js';
import { ImageMissingError } from '../errors.js';
import type { Engine } from '../federation/model.js';
import { runCommand } from '../process/run-command.js';
import type { EngineImages } from './engine.js';

export interface EnsureImagesOptions {
  projectRoot: string;
  /** Whether a missing local image may be built with scripts/build-images.sh. */
  build: boolean;
  /** Images the build script cannot make here, each with what the person can do about it. */
  unbuildable?: Readonly<Record<string, string>>;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  dockerHost?: string;
}

/** Builds what is missing (scripts/build-images.sh), or says how to; never pulls. */
export async function ensureImages(
  docker: DockerClient,
  images: readonly string[],
  options: EnsureImagesOptions,
): Promise<string[]> {
  const missing = await missingImages(docker, images);
  if (missing.length === 0) return [];
  const blocked = missing.filter((i) => options.unbuildable?.[i] !== undefined);
  if (blocked.length > 0) {
    throw new ImageMissingError(blocked, blocked.map((i) => options.unbuildable?.[i]).join('; '));
  }
  const script = join(options.projectRoot, 'scripts', 'build-images.sh');
  if (!options.build || !(await exists(script))) {
    throw new ImageMissingError(missing, 'run ./scripts/setup.sh (it builds the images locally)');
  }
  await runCommand(['bash', script], {
    cwd: options.projectRoot,
    env: options.dockerHost ? { DOCKER_HOST: options.dockerHost } : {},
    timeoutMs: 1_800_000,
    ...(options.onLine ? { onLine: options.onLine } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const still = await missingImages(docker, images);
  if (still.length > 0)
    throw new ImageMissingError(still, `${script} ran but did not build them; run ./scripts/setup.sh`);
  return missing;
}

/**
 * scripts/build-images.sh makes fedlab/rethinkdb on the official RethinkDB image when that is
 * present, or from a server build named by FEDLAB_RETHINKDB_TARBALL; without either it cannot.
 * Returns what to do, per image the build cannot make (nothing for reqlite).
 */
export async function unbuildableImages(
  engine: Engine,
  docker: DockerClient,
  images: EngineImages,
  env: NodeJS.ProcessEnv = process.env,
  officialImage = imageVersions().rethinkdb.officialImage,
): Promise<Record<string, string>> {
  if (engine !== 'rethinkdb' || env.FEDLAB_RETHINKDB_TARBALL) return {};
  if (await docker.imageExists(officialImage)) return {};
  return {
    [images.rethinkdb]:
      `it is built from the official image ${officialImage} (not here) or from a RethinkDB server build: ` +
      'set FEDLAB_RETHINKDB_TARBALL to a RethinkDB server build tarball (<dir>/bin/rethinkdb and <dir>/lib) ' +
      `and run \`fedlab up\` again, let ./scripts/setup.sh pull ${officialImage} where a registry answers, ` +
      'or use engine reqlite (engine: reqlite in the federation file)',
  };
}

async function missingImages(docker: DockerClient, images: readonly string[]): Promise<string[]> {
  const present = await Promise.all(images.map((i) => docker.imageExists(i)));
  return images.filter((_, i) => !present[i]);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
