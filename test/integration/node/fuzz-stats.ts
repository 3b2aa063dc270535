/**
 * What a fuzz run saw: requests sent, answers per generator (a 400 by the rule or the part of
 * the request it names), the ids the API accepted (the only ones allowed in a table), failures.
 */
import type { Outcome } from './hostile-client.js';
import type { HostileRequest } from './hostile-request.js';

export interface RunStats {
  sent: number;
  byKind: Map<string, Map<number | string, number>>;
  accepted: Set<string>;
  failures: string[];
}

export function record(stats: RunStats, req: HostileRequest, outcome: Outcome): void {
  stats.sent++;
  const kind = stats.byKind.get(req.kind) ?? new Map<number | string, number>();
  stats.byKind.set(req.kind, kind);
  const answers = 'answers' in outcome ? outcome.answers : [];
  const key = answers[0] === undefined ? 'none' : answerKind(answers[0].status, answers[0].body);
  kind.set(key, (kind.get(key) ?? 0) + 1);
  for (const a of answers) {
    if (req.method !== 'POST' || a.status < 200 || a.status >= 300) continue;
    const id = (JSON.parse(a.body) as { id?: unknown }).id;
    if (typeof id === 'string') stats.accepted.add(id);
  }
}

/** A 400 by what it refused (the transaction rule's code, or the part of the request), else the status. */
function answerKind(status: number, body: string): string | number {
  if (status !== 400) return status;
  let message = '';
  try {
    message = String((JSON.parse(body) as { message?: unknown }).message ?? '');
  } catch {
    return status;
  }
  const code = /^Invalid transaction \(([A-Z_]+)\)/.exec(message)?.[1];
  if (code !== undefined) return code;
  const part = /^(querystring|body|params)\b/.exec(message)?.[1];
  if (part !== undefined) return `400 ${part}`;
  return /JSON|token|prototype/i.test(message) ? '400 json' : 400;
}

export function summary(stats: RunStats): string {
  return [...stats.byKind]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, statuses]) => {
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      const parts = [...statuses].sort(([a], [b]) => String(a).localeCompare(String(b)));
      return `  ${kind}: ${total} (${parts.map(([s, n]) => `${s}: ${n}`).join(', ')})`;
    })
    .join('\n');
}
