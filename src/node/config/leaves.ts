/**
 * The leaves of the config schema (every key that holds a value), with the environment variable
 * that overrides each and the kind of value that variable is coerced to. Derived from the schema
 * so that every key is overridable without a second list to keep in sync.
 */
import { z } from 'zod';
import { configSchema } from '../../protocol/node-config.js';

export type LeafKind = 'string' | 'number' | 'boolean' | 'list' | 'string-or-list' | 'json';

export interface ConfigLeaf {
  path: readonly string[];
  /** e.g. BIGCHAINDB_DATABASE_HOST */
  envName: string;
  kind: LeafKind;
  /** An empty env value means null (e.g. BIGCHAINDB_DATABASE_USER=). */
  nullable: boolean;
  description: string;
  defaultValue: unknown;
}

export const ENV_PREFIX = 'BIGCHAINDB_';

interface Unwrapped {
  inner: z.ZodType;
  nullable: boolean;
  description: string | undefined;
  defaultValue: unknown;
}

function unwrap(schema: z.ZodType): Unwrapped {
  let inner = schema;
  let nullable = false;
  let description = schema.description;
  let defaultValue: unknown;
  for (;;) {
    if (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) {
      defaultValue ??= inner.def.defaultValue;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) {
      nullable ||= inner instanceof z.ZodNullable;
      inner = inner.unwrap() as z.ZodType;
    } else break;
    description ??= inner.description;
  }
  return { inner, nullable, description, defaultValue };
}

function kindOf(schema: z.ZodType, path: string): LeafKind {
  if (schema instanceof z.ZodString || schema instanceof z.ZodEnum || schema instanceof z.ZodLiteral) {
    return 'string';
  }
  if (schema instanceof z.ZodNumber) return 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  // A list of objects (api_keys) cannot be ":"-joined: its variable holds JSON.
  if (schema instanceof z.ZodArray) return schema.element instanceof z.ZodObject ? 'json' : 'list';
  if (schema instanceof z.ZodUnion) return 'string-or-list';
  if (schema instanceof z.ZodRecord) return 'json';
  throw new Error(`config schema: no env coercion for the type of ${path}`);
}

function collect(schema: z.ZodType, path: string[], out: ConfigLeaf[]): void {
  const { inner, nullable, description, defaultValue } = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      collect(child, [...path, key], out);
    }
    return;
  }
  out.push({
    path,
    envName: ENV_PREFIX + path.join('_').toUpperCase(),
    kind: kindOf(inner, path.join('.')),
    nullable,
    description: description ?? '',
    defaultValue,
  });
}

let cached: readonly ConfigLeaf[] | undefined;

/** Every leaf of the config schema, in schema order. */
export function configLeaves(): readonly ConfigLeaf[] {
  if (!cached) {
    const out: ConfigLeaf[] = [];
    collect(configSchema, [], out);
    cached = out;
  }
  return cached;
}
