// Docker preconditions of lab integration and e2e tests: fail loudly, never pass silently.
import type { DockerClient } from '../../src/lab/docker/docker-client.js';

export async function requireLabImages(docker: DockerClient, images: readonly string[]): Promise<void> {
  await docker.ping(); // DockerUnreachableError: "Docker engine not reachable at ...; run ./scripts/setup.sh"
  const missing: string[] = [];
  for (const image of images) if (!(await docker.imageExists(image))) missing.push(image);
  if (missing.length > 0)
    throw new Error(
      `images ${missing.join(', ')} are missing; run ./scripts/setup.sh (or scripts/build-images.sh)`,
    );
}
