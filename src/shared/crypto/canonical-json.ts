/**
 * Canonical JSON as BigchainDB and its JS driver hash it: object keys sorted by UTF-16 code
 * units (what the driver's json-stable-stringify comparator and Array.prototype.sort do), no
 * whitespace, JSON.stringify's escaping for strings and numbers. Like json-stable-stringify,
 * keys whose value is undefined are skipped and undefined array items become null.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value);
  return out === undefined ? 'null' : out;
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      return writeObject(value);
    default:
      return undefined; // functions, symbols, undefined: skipped like JSON.stringify does
  }
}

function writeObject(value: object): string | undefined {
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON());
  if (Array.isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) s += ',';
      s += write(value[i]) ?? 'null';
    }
    return s + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let s = '{';
  let first = true;
  for (const key of keys) {
    const item = write(record[key]);
    if (item === undefined) continue;
    s += (first ? '' : ',') + JSON.stringify(key) + ':' + item;
    first = false;
  }
  return s + '}';
}
