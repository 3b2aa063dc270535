import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** Image tags and versions, pinned once in images/versions.json. */
export interface ImageVersions {
  node: { version: string; officialBase: string; localBase: string };
  debian: { suite: string; localImage: string };
  images: { node: string; reqlite: string };
  reqlite: { version: string };
  rethinkdb: { officialImage: string };
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
