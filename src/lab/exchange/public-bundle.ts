import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { BASE58_KEY } from '../../shared/crypto/index.js';
import { MaterialError } from '../errors.js';

/** What one operator shares with the others: never anything private. */
export const publicBundleSchema = z
  .object({
    operator: z.string().min(1),
    rethinkdbHost: z.string().min(1),
    nodeApiUrl: z.url(),
    publicKey: z.string().regex(BASE58_KEY, 'must be a base58 public key'),
  })
  .strict();
export type PublicBundle = z.output<typeof publicBundleSchema>;

export async function writePublicBundle(file: string, bundle: PublicBundle): Promise<void> {
  const checked = publicBundleSchema.parse(bundle);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(checked, null, 2) + '\n', { mode: 0o644 });
}

export async function readPublicBundle(file: string): Promise<PublicBundle> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new MaterialError(file, 'public bundle cannot be read as JSON', cause);
  }
  const parsed = publicBundleSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new MaterialError(file, `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
