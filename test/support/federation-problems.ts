import { ConfigError } from '../../src/shared/errors.js';
import { parseFederationFile } from '../../src/lab/federation-file/parse.js';

/** The `path: message` problems a federation file's text is refused with (it must be refused). */
export function problemsOf(text: string): string[] {
  try {
    parseFederationFile(text, 'fed.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ConfigError');
}
