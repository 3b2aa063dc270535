/**
 * Pure: blocks, votes and backlog counts from a node's /health body. Accepts a number at the top
 * level (`blocks: 3`), in a counts object (`counts: {blocks: 3}`, also `tables`/`ledger`), or an
 * object with a `count` (`blocks: {count: 3}`), so the lab keeps working as /health grows.
 */
export function countsOf(body: Record<string, unknown>): {
  blocks?: number;
  votes?: number;
  backlog?: number;
} {
  const out: { blocks?: number; votes?: number; backlog?: number } = {};
  for (const key of ['blocks', 'votes', 'backlog'] as const) {
    const value = findCount(body, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function findCount(body: Record<string, unknown>, key: string): number | undefined {
  const places = [body, body.counts, body.tables, body.ledger, body.store];
  for (const place of places) {
    if (!place || typeof place !== 'object') continue;
    const value = (place as Record<string, unknown>)[key];
    if (typeof value === 'number') return value;
    if (value && typeof value === 'object' && typeof (value as { count?: unknown }).count === 'number') {
      return (value as { count: number }).count;
    }
  }
  return undefined;
}
