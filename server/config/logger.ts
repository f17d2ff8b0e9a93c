/**
 * The process logger: pino records, or one readable line per record for a person watching
 * `npm start` in a terminal (no extra dependency: the line is built from pino's own JSON).
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** pino level name. @default "info" */
  readonly level?: string;
  /** `pretty` writes `HH:MM:SS LEVEL [name] message key=value`. @default "json" */
  readonly format?: 'pretty' | 'json';
  /** Where lines go. @default process.stdout */
  readonly output?: NodeJS.WritableStream;
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

// Fields pino adds to every record: already shown in the line's head, or noise for a reader.
const HEAD_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'name']);

// An error's message is what a person needs on one line; the stack stays in JSON logs.
function shortValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    'message' in value &&
    typeof value.message === 'string'
  ) {
    return JSON.stringify(value.message);
  }
  return JSON.stringify(value);
}

/** Formats one pino JSON record as a single readable line. Exported for tests. */
export function formatPrettyLine(json: string): string {
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof record !== 'object' || record === null) return json;
  const fields = record as Record<string, unknown>;
  const time =
    typeof fields['time'] === 'number' ? new Date(fields['time']).toISOString().slice(11, 19) : '';
  const level =
    typeof fields['level'] === 'number' ? (LEVEL_NAMES[fields['level']] ?? 'LOG') : 'LOG';
  const name = typeof fields['name'] === 'string' ? ` [${fields['name']}]` : '';
  const message = typeof fields['msg'] === 'string' ? fields['msg'] : '';
  const extras = Object.entries(fields)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${shortValue(value)}`);
  const tail = extras.length > 0 ? `  ${extras.join(' ')}` : '';
  return `${time} ${level.padEnd(5)}${name} ${message}${tail}\n`;
}

/** Builds the process logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const output = options.output ?? process.stdout;
  const destination: DestinationStream =
    options.format === 'pretty'
      ? { write: (line: string) => void output.write(formatPrettyLine(line)) }
      : { write: (line: string) => void output.write(line) };
  return pino({ level: options.level ?? 'info', base: { pid: process.pid } }, destination);
}
