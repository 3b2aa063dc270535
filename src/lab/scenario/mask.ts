/** Files that are nothing but a secret (the RethinkDB admin password, key files). */
export const SECRET_FILE = /password|secret|(^|[.-])key$|\.pem$/i;
/** Keys of JSON objects whose values are secrets (keypair.private, database.password, ...). */
const SECRET_KEY = /private|password|secret|token/i;
export const MASKED = '(masked)';

/**
 * Pure: a file's text with its secrets masked. JSON (a .bigchaindb, *.json) keeps its shape with
 * secret values replaced; a .bigchaindb that is not JSON is masked whole; other text stays.
 */
export function maskSecrets(name: string, text: string): string {
  const json = name === '.bigchaindb' || name.endsWith('.json');
  if (!json) return text;
  try {
    return JSON.stringify(maskValue(JSON.parse(text) as unknown), null, 2) + '\n';
  } catch {
    return name.endsWith('.json') && !SECRET_KEY.test(text)
      ? text
      : `${MASKED}: not JSON, may hold a secret\n`;
  }
}

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== null ? MASKED : maskValue(v)]),
  );
}
