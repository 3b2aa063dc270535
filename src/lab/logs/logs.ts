import type { LabContext } from '../context.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import { FederationNotFoundError } from '../errors.js';
import { LABEL_FEDERATION, LABEL_OPERATOR, LABEL_ROLE } from '../federation/names.js';
import { lineSplitter } from './line-splitter.js';

export interface LogsOptions {
  operator?: string;
  follow?: boolean;
  tail?: number;
}

/** `alpha/node`, `alpha/rethinkdb`, `shared/reqlite`: who said it, before every line. */
export function logPrefix(c: ContainerInfo): string {
  const role = c.labels[LABEL_ROLE];
  const who = c.labels[LABEL_OPERATOR] ?? 'shared';
  const what =
    role === 'node'
      ? 'node'
      : role === 'shared-database'
        ? 'reqlite'
        : role === 'database'
          ? 'rethinkdb'
          : (role ?? '?');
  return `${who}/${what}`;
}

/**
 * Writes the logs of a federation's containers (one operator's, or all), each line prefixed by
 * its operator; with `follow`, keeps streaming until every container stops or the signal aborts.
 */
export async function federationLogs(
  federation: string,
  ctx: LabContext,
  options: LogsOptions,
  write: (line: string) => void,
): Promise<void> {
  const labels = {
    [LABEL_FEDERATION]: federation,
    ...(options.operator ? { [LABEL_OPERATOR]: options.operator } : {}),
  };
  const containers = (await ctx.docker.listContainers(labels)).filter(
    (c) => c.labels[LABEL_ROLE] !== 'setup',
  );
  if (containers.length === 0)
    throw new FederationNotFoundError(options.operator ? `${federation}/${options.operator}` : federation);
  const width = Math.max(...containers.map((c) => logPrefix(c).length));
  await Promise.all(
    containers.map(async (c) => {
      const prefix = logPrefix(c).padEnd(width);
      const split = lineSplitter((line) => write(`${prefix} | ${line}`));
      await ctx.docker.streamLogs(
        c.id,
        {
          follow: options.follow ?? false,
          ...(options.tail === undefined ? {} : { tail: options.tail }),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        },
        (text) => split.push(text),
      );
      split.flush();
    }),
  );
}
