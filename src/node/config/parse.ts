/**
 * Pure config resolution: defaults < file < env < flags, validated by the one schema, every
 * problem reported as `path: message` (naming the env variable or flag that set a bad value).
 */
import type { z } from 'zod';
import { ConfigError } from '../../shared/errors.js';
import { configSchema, type NodeConfig } from '../../protocol/node-config.js';
import { envOverrides, type Env } from './env.js';
import { getPath, isPlainObject, mergeLayers, type ConfigLayer } from './merge.js';
import { publicKeyOfPrivate } from './keys.js';

export interface ConfigSources {
  /** The parsed JSON of the config file, if there is one. */
  file?: unknown;
  /** Where the file is (or would be), for messages. */
  filePath?: string;
  env?: Env;
  /** Values given on the command line, highest precedence. */
  flags?: ConfigLayer;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length === 0 ? '' : `${formatPath(issue.path)}.`;
    return issue.keys.map((k) => `${prefix}${k}: unknown key (check its spelling)`).join('\n');
  }
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** Cross-key rules the per-key schema cannot express. */
export function crossCheck(config: NodeConfig): string[] {
  const problems: string[] = [];
  const { public: pub, private: priv } = config.keypair;
  if ((pub === null) !== (priv === null)) {
    problems.push('keypair: set both keypair.public and keypair.private, or neither');
  } else if (pub !== null && priv !== null && publicKeyOfPrivate(priv) !== pub) {
    problems.push(
      'keypair.public: does not belong to keypair.private (regenerate with `bigchaindb configure -y`)',
    );
  }
  if (pub !== null && config.keyring.includes(pub)) {
    problems.push(`keyring: contains this node's own public key ${pub}; list only the OTHER members`);
  }
  if (config.server.body_limit_bytes < config.policy.maxTransactionBytes) {
    problems.push(
      `server.body_limit_bytes: ${config.server.body_limit_bytes} is below policy.maxTransactionBytes ` +
        `(${config.policy.maxTransactionBytes}); valid transactions would be refused with 413`,
    );
  }
  const seen = new Set<string>();
  for (const key of config.keyring) {
    if (seen.has(key)) problems.push(`keyring: ${key} is listed twice`);
    seen.add(key);
  }
  return problems;
}

function sourceOf(dotted: string, sources: ConfigSources, envSources: ReadonlyMap<string, string>): string {
  const path = dotted === '(root)' ? [] : dotted.split('.');
  if (sources.flags && path.length > 0 && getPath(sources.flags, path) !== undefined)
    return 'a command-line flag';
  for (const [p, name] of envSources) if (p === dotted || dotted.startsWith(p + '.')) return name;
  return sources.filePath ?? 'the config file';
}

/** Validates one merged config object; `source` names the file in the error. */
export function parseConfig(
  raw: unknown,
  source: string,
  attribute?: (dotted: string) => string,
): NodeConfig {
  if (!isPlainObject(raw)) throw new ConfigError(source, ['(root): must be a JSON object']);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.flatMap((i) => describeIssue(i).split('\n'));
    const withSource = attribute
      ? lines.map((l) => {
          const src = attribute(l.slice(0, l.indexOf(':')));
          return src === source ? l : `${l} (from ${src})`;
        })
      : lines;
    throw new ConfigError(source, withSource);
  }
  const problems = crossCheck(result.data);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return result.data;
}

/** The effective config: defaults < file < env < flags. Throws ConfigError listing every problem. */
export function resolveConfig(sources: ConfigSources): NodeConfig {
  const source = sources.filePath ?? 'configuration';
  if (sources.file !== undefined && !isPlainObject(sources.file)) {
    throw new ConfigError(source, ['(root): must be a JSON object']);
  }
  const env = envOverrides(sources.env ?? {});
  if (env.problems.length > 0) throw new ConfigError(source, env.problems);
  const merged = mergeLayers(mergeLayers(sources.file ?? {}, env.layer), sources.flags);
  return parseConfig(merged, source, (dotted) => sourceOf(dotted, sources, env.sources));
}
