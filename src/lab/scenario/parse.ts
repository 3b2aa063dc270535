import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../../shared/errors.js';
import { formatIssue, formatPath } from '../federation-file/parse.js';
import { scenarioSchema, type Scenario, type ScenarioInput } from './schema.js';

/** Parses and validates scenario text; every problem is `path: message (file:line)`, as for federation files. */
export function parseScenario(text: string, file = '<scenario>'): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0)
    throw new ConfigError(
      file,
      doc.errors.map(
        (e) => `(yaml): ${e.message.split('\n')[0]} (${file}:${lineCounter.linePos(e.pos[0]).line})`,
      ),
    );
  const result = scenarioSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  throw new ConfigError(
    file,
    result.error.issues.map((issue) => formatIssue(issue, doc, lineCounter, file)),
  );
}

/** Validates an in-memory scenario (library callers, tests); errors name `source`. */
export function defineScenario(input: ScenarioInput, source = '<scenario object>'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
  );
}

export async function loadScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(
      file,
      ['(file): cannot be read; name a built-in (fedlab scenario --list) or a YAML file'],
      cause,
    );
  }
  return parseScenario(text, file);
}
