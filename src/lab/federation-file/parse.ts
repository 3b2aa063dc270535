import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../shared/errors.js';
import { federationFileSchema, type FederationFile, type FederationFileInput } from './schema.js';

export const DEFAULT_FEDERATION_FILE = 'federation.yaml';

/** Parses and validates federation-file text; every problem becomes `path: message (file:line)`. */
export function parseFederationFile(text: string, file = DEFAULT_FEDERATION_FILE): FederationFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map(
      (e) => `(yaml): ${e.message.split('\n')[0]} (${file}:${lineCounter.linePos(e.pos[0]).line})`,
    );
    throw new ConfigError(file, problems);
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = federationFileSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    file,
    result.error.issues.map((issue) => formatIssue(issue, doc, lineCounter, file)),
  );
}

/** Validates an in-memory federation (library callers, tests); errors name `source`. */
export function defineFederation(input: FederationFileInput, source = '<federation object>'): FederationFile {
  const result = federationFileSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
  );
}

export async function loadFederationFile(file = DEFAULT_FEDERATION_FILE): Promise<FederationFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new ConfigError(file, [`(file): cannot be read; create one with \`fedlab init\``], cause);
  }
  let text: string;
  try {
    // fatal: a binary or Latin-1 file is reported as such, not as odd characters in a name.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new ConfigError(file, ['(file): is not UTF-8 text; save it as UTF-8'], cause);
  }
  return parseFederationFile(text, file);
}

/** One zod issue as `path: message (file:line)`, at the line of its key (scenario files too). */
export function formatIssue(
  issue: z.core.$ZodIssue,
  doc: Document,
  lines: LineCounter,
  file: string,
): string {
  // An unknown key is reported on its object; point at the key itself.
  const path =
    issue.code === 'unrecognized_keys' && issue.keys.length === 1
      ? [...issue.path, issue.keys[0] as string]
      : issue.path;
  const line = lineOf(doc, lines, path);
  return `${formatPath(issue.path)}: ${issue.message}${line === undefined ? '' : ` (${file}:${line})`}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** The line of the deepest node of `path` present in the document (a missing key: its parent). */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n -= 1) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
