import { z } from 'zod';

/** Durations in scenario files: a number and a unit, e.g. "500ms", "5s", "1.5s", "2m". */
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };
export const DURATION_MESSAGE = 'must be a duration like "500ms", "5s" or "2m"';

/** Milliseconds of a duration text, or undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] as string] ?? 1));
}

/** A duration text in, milliseconds out; anything else reports DURATION_MESSAGE. */
export const durationSchema = z
  .string({ error: DURATION_MESSAGE })
  .refine((text) => parseDurationMs(text) !== undefined, DURATION_MESSAGE)
  .transform((text) => parseDurationMs(text) as number);

/** The shortest text for a number of milliseconds, as a scenario file would say it. */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
