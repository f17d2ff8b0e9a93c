/**
 * The pub/sub demo's pure parts: the three panes it starts with, the check of what the server
 * pushes over the event stream, and the words for PUBLISH's answer.
 */

/** How a pane listens (the Redis command it sent). */
export type PaneMode = 'subscribe' | 'psubscribe' | 'none';

/** One pane's setting. */
export interface PaneSetting {
  readonly mode: PaneMode;
  readonly target: string;
}

/** The panes as the page opens: one exact channel, one pattern, one that will not match. */
export const DEFAULT_PANES: readonly PaneSetting[] = [
  { mode: 'subscribe', target: 'chat.lobby' },
  { mode: 'psubscribe', target: 'chat.*' },
  { mode: 'subscribe', target: 'news' },
];

/** A message one pane received. */
export interface PaneMessage {
  readonly pane: number;
  readonly kind: 'message' | 'pmessage';
  readonly pattern: string | undefined;
  readonly channel: string;
  readonly message: string;
  /** The RESP bytes Redis sent the subscriber, escaped on one line. */
  readonly resp: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The message in an event's JSON, or undefined when it is not one. */
export function parsePaneMessage(json: string): PaneMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { pane, kind, pattern, channel, message, resp } = value;
  if (typeof pane !== 'number' || (kind !== 'message' && kind !== 'pmessage')) return undefined;
  if (typeof channel !== 'string' || typeof message !== 'string' || typeof resp !== 'string') {
    return undefined;
  }
  return {
    pane,
    kind,
    pattern: typeof pattern === 'string' ? pattern : undefined,
    channel,
    message,
    resp,
  };
}

/** The session id and namespace of a `ready` event. */
export function parseReady(json: string): { session: string; namespace: string } | undefined {
  try {
    const value: unknown = JSON.parse(json);
    if (!isRecord(value) || typeof value['session'] !== 'string') return undefined;
    const namespace = typeof value['namespace'] === 'string' ? value['namespace'] : '';
    return { session: value['session'], namespace };
  } catch {
    return undefined;
  }
}

/** One command the server sent to Redis for the page, as the inspector lists it. */
export interface SentCommand {
  readonly command: string;
  readonly request: string;
  readonly reply: string;
}

/** The commands in an answer's `steps` (or its single `step`). */
export function parseSteps(body: unknown): SentCommand[] {
  if (!isRecord(body)) return [];
  const list = Array.isArray(body['steps']) ? body['steps'] : body['step'] ? [body['step']] : [];
  return list.flatMap((item: unknown) =>
    isRecord(item) &&
    typeof item['command'] === 'string' &&
    typeof item['request'] === 'string' &&
    typeof item['reply'] === 'string'
      ? [{ command: item['command'], request: item['request'], reply: item['reply'] }]
      : [],
  );
}

/** The Redis command a pane setting stands for, e.g. `PSUBSCRIBE chat.*`. */
export function paneCommand(setting: PaneSetting): string {
  if (setting.mode === 'none') return '';
  return `${setting.mode.toUpperCase()} ${setting.target}`;
}
