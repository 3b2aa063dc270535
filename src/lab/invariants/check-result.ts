import type { InvariantCheck } from './types.js';

/** Violations listed in a report at most; the rest are counted. */
export const MAX_VIOLATIONS = 50;

/** One check's result: ok when there is no violation; the list capped with the count of the rest. */
export function checkResult(name: string, violations: readonly string[], okSummary: string): InvariantCheck {
  const shown = violations.slice(0, MAX_VIOLATIONS);
  const rest = violations.length - shown.length;
  return {
    name,
    ok: violations.length === 0,
    summary:
      violations.length === 0
        ? okSummary
        : `${violations.length} violation(s); first: ${violations[0] ?? ''}`,
    violations: rest > 0 ? [...shown, `... and ${rest} more`] : shown,
  };
}

export const short = (id: string): string => id.slice(0, 12);
export const shortList = (ids: readonly string[]): string => `[${ids.map(short).join(', ')}]`;
