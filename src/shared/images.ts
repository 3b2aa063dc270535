import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** Image tags and versions, pinned once in images/versions.json. */
export interface ImageVersions {
  node: { version: string; officialBase: string; localBase: string };
  debian: { suite: string; localImage: string };
  /** The images fedlab runs, built locally by scripts/build-images.sh. */
  images: { node: string; reqlite: string; rethinkdb: string };
  reqlite: { version: string };
  /**
   * officialImage is only a build input of images.rethinkdb (its base, where present or pullable);
   * tarballSha256 pins the server build used without a registry (FEDLAB_RETHINKDB_TARBALL).
   */
  rethinkdb: { version: string; officialImage: string; tarballSha256: string };
}

/** The project root: two levels above this file in both src/shared and dist/shared. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

let cached: ImageVersions | undefined;
export function imageVersions(): ImageVersions {
  cached ??= JSON.parse(
    readFileSync(resolve(PROJECT_ROOT, 'images', 'versions.json'), 'utf8'),
  ) as ImageVersions;
  return cached;
}
