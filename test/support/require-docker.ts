import Docker from 'dockerode';
import { imageVersions } from '../../src/shared/images.js';

/**
 * Fails (never skips) with a clear message when the Docker engine or a fedlab image is missing,
 * so a test that needs Docker cannot silently pass on a machine without it.
 */
export async function requireDockerImage(image: string): Promise<void> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (e) {
    throw new Error(
      `this test needs a Docker engine, and none answers (${(e as Error).message}); run ./scripts/setup.sh`,
    );
  }
  try {
    await docker.getImage(image).inspect();
  } catch {
    throw new Error(`this test needs the image ${image}, which is not built; run ./scripts/build-images.sh`);
  }
}

export const images = imageVersions().images;
