/**
 * Text search over asset data and metadata (pure helpers).
 *
 * Each transaction's asset data / metadata gets a `text` field: every string (and number)
 * leaf, lower-cased, one per line. A search is a case-insensitive substring `match` on it, the
 * same on RethinkDB (RE2) and reqlite (JS RegExp): the query is lower-cased and regex-escaped,
 * so it uses only syntax both engines share.
 */

/** The searchable text of a JSON value: its string and number leaves, lower-cased. */
export function searchTextOf(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 64 || v === null || v === undefined) return;
    if (typeof v === 'string') parts.push(v.toLowerCase());
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
    else if (Array.isArray(v)) for (const item of v) walk(item, depth + 1);
    else if (typeof v === 'object') for (const item of Object.values(v)) walk(item, depth + 1);
  };
  walk(value, 0);
  return parts.join('\n');
}

/** A regex that matches `query` literally, case-insensitively (text is lower-cased). */
export function searchPattern(query: string): string {
  return query.toLowerCase().replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
