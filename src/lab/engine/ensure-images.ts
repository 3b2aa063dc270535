import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerClient } from '../docker/docker-client.js';
import { ImageMissingError } from '../errors.js';
import { runCommand } from '../process/run-command.js';

export interface EnsureImagesOptions {
  projectRoot: string;
  /** Whether a missing local image may be built with scripts/build-images.sh. */
  build: boolean;
  /** The official RethinkDB image is never built here: without a registry it cannot exist. */
  notBuildable?: readonly string[];
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
  const unbuildable = missing.filter((i) => options.notBuildable?.includes(i));
  if (unbuildable.length > 0) {
    throw new ImageMissingError(
      unbuildable,
      'no registry is used; load it with `docker load`, or use engine reqlite',
    );
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
