/**
 * Structured logging: one JSON line per event on stderr (stdout stays free for command output).
 * Fields given at creation (e.g. the node's public key) are added to every line.
 *
 * A thin layer over pino that keeps our call shape, `log.warn(event, fields)`, and our line
 * format: `{"level":"warn","time":"<ISO 8601>", ...fields, "event":"..."}` (level names, not
 * numbers; no pid/hostname; the event is pino's message, under the key `event`). Error values in
 * fields are logged as their message, as before.
 */
import { pino, type DestinationStream, type Logger as Pino } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Receives each line without its trailing newline. */
export type LogSink = (line: string) => void;

export function createLogger(
  options: { level?: LogLevel | 'silent'; fields?: Record<string, unknown>; sink?: LogSink } = {},
): Logger {
  const { sink } = options;
  // process.stderr, as before: synchronous on files and pipes, and what tests capture.
  const destination: DestinationStream =
    sink === undefined ? process.stderr : { write: (line) => sink(line.replace(/\n$/, '')) };
  const root = pino(
    {
      level: options.level ?? 'info',
      base: null,
      messageKey: 'event',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(root, plain(options.fields));
}

/**
 * Each logger is a pino child of the root with all its fields: a child's field replaces the
 * parent's of the same name (pino's own child() would write the key twice).
 */
function wrap(root: Pino, bindings: Record<string, unknown>): Logger {
  const p = root.child(bindings);
  const at =
    (level: LogLevel) =>
    (event: string, fields?: Record<string, unknown>): void => {
      if (p.isLevelEnabled(level)) p[level](plain(fields), event);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => wrap(root, { ...bindings, ...plain(fields) }),
  };
}

function plain(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? v.message : v;
  return out;
}

/** A logger that drops everything (tests, library callers that do not want output). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
