/**
 * The console's answers as the page receives them from `POST /demos/redis-console/run`,
 * checked before use (the page never trusts a shape it did not verify).
 */

/** One Redis command the server sent for a line, with the RESP on the wire. */
export interface ConsoleStep {
  readonly command: string;
  readonly request: string;
  readonly reply: string;
  readonly housekeeping: boolean;
}

/** What one line produced. */
export interface ConsoleAnswer {
  readonly kind: 'reply' | 'refused' | 'empty';
  readonly lines: readonly string[];
  readonly note: string | undefined;
  readonly namespace: string;
  readonly steps: readonly ConsoleStep[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';

function parseStep(value: unknown): ConsoleStep | undefined {
  if (!isRecord(value)) return undefined;
  const { command, request, reply, housekeeping } = value;
  if (!isString(command) || !isString(request) || !isString(reply)) return undefined;
  return { command, request, reply, housekeeping: housekeeping === true };
}

/** The answer in `body`, or undefined when it is not one. */
export function parseConsoleAnswer(body: unknown): ConsoleAnswer | undefined {
  if (!isRecord(body)) return undefined;
  const { kind, lines, note, namespace, steps } = body;
  if (kind !== 'reply' && kind !== 'refused' && kind !== 'empty') return undefined;
  if (!Array.isArray(lines) || !lines.every(isString)) return undefined;
  const parsedSteps = Array.isArray(steps) ? steps.map(parseStep) : [];
  if (parsedSteps.some((step) => step === undefined)) return undefined;
  return {
    kind,
    lines,
    note: isString(note) ? note : undefined,
    namespace: isString(namespace) ? namespace : '',
    steps: parsedSteps.filter((step): step is ConsoleStep => step !== undefined),
  };
}

/** The `error` text of an error answer (429, 503, 4xx), if there is one. */
export function errorText(body: unknown): string | undefined {
  return isRecord(body) && isString(body['error']) ? body['error'] : undefined;
}
