import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeError } from '../../shared/errors.js';
import type { DockerClient } from '../docker/docker-client.js';
import { LABEL_FEDERATION } from '../federation/names.js';
import type { FederationPaths } from '../material/paths.js';

/**
 * What a failed `up` leaves for a person to read, in .fedlab/<federation>/failure-<time>/: the
 * error, every container's state and logs, and the generated files that hold no secret (compose
 * files, rethinkdb.conf, public bundles; never a .bigchaindb).
 */
export async function writeFailureBundle(
  docker: DockerClient,
  paths: FederationPaths,
  operators: readonly string[],
  error: unknown,
  at = new Date(),
): Promise<string> {
  const dir = paths.failureDir(at);
  await mkdir(join(dir, 'logs'), { recursive: true });
  await writeFile(join(dir, 'error.txt'), errorChain(error));
  await collectLogs(docker, paths.federation, dir).catch((e: unknown) =>
    writeFile(join(dir, 'logs', 'ERROR.txt'), describeError(e)),
  );
  await copyPublicFiles(paths, operators, join(dir, 'files'));
  return dir;
}

async function collectLogs(docker: DockerClient, federation: string, dir: string): Promise<void> {
  const containers = await docker.listContainers({ [LABEL_FEDERATION]: federation });
  const states = containers.map((c) => ({
    name: c.name,
    image: c.image,
    state: c.state,
    status: c.status,
    labels: c.labels,
  }));
  await writeFile(join(dir, 'containers.json'), JSON.stringify(states, null, 2) + '\n');
  for (const c of containers) {
    const chunks: string[] = [];
    await docker
      .streamLogs(c.id, { follow: false, tail: 2000 }, (text) => chunks.push(text))
      .catch((e: unknown) => chunks.push(`(logs unavailable: ${describeError(e)})\n`));
    await writeFile(join(dir, 'logs', `${c.name}.log`), chunks.join(''));
  }
}

async function copyPublicFiles(
  paths: FederationPaths,
  operators: readonly string[],
  into: string,
): Promise<void> {
  const copies: [string, string][] = [];
  for (const op of operators) {
    copies.push(
      [paths.composeFile(op), join(into, op, 'compose.yaml')],
      [paths.rethinkdbConf(op), join(into, op, 'rethinkdb.conf')],
    );
  }
  copies.push([paths.databaseComposeFile, join(into, 'db', 'compose.yaml')]);
  const bundles = await readdir(paths.publicDir).catch(() => [] as string[]);
  for (const b of bundles) copies.push([join(paths.publicDir, b), join(into, 'public', basename(b))]);
  for (const [from, to] of copies) {
    await mkdir(join(to, '..'), { recursive: true });
    await copyFile(from, to).catch(() => undefined); // a file not written yet: nothing to copy
  }
}

function errorChain(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    lines.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push('caused by:');
  }
  return lines.join('\n') + '\n';
}
