/**
 * The pure parts of ch3-http-api: the request body a reader starts from, the mistakes the
 * preset buttons make on purpose, and how an answer is described.
 */

/** The channel the page's Echo listens on at first. */
export const DEFAULT_LISTEN_CHANNEL = 'lab.news';

/** The body of the first request: a channel, an event name and data, as the API wants. */
export function defaultBody(title: string, channel = DEFAULT_LISTEN_CHANNEL): string {
  return JSON.stringify({ channel, name: 'news.published', data: { title } }, null, 2);
}

/** `body` with its `channel` set to `channel`, when it is a JSON object; else unchanged. */
export function withChannel(body: string, channel: string): string {
  const value = parseObject(body);
  if (value === undefined) return body;
  return JSON.stringify({ ...value, channel }, null, 2);
}

/** `body` without `name`: the echo server answers 400. */
export function withoutName(body: string): string {
  const value = parseObject(body);
  if (value === undefined) return body;
  const { name: _name, ...rest } = value;
  return JSON.stringify(rest, null, 2);
}

/** `body` cut short so it is no longer JSON: the echo server answers 400 "Malformed JSON body". */
export function broken(body: string): string {
  const trimmed = body.trimEnd();
  return trimmed.length > 1 ? trimmed.slice(0, Math.max(1, trimmed.length - 2)) : '{';
}

/** A key one character off: the echo server answers 403 {"error":"Unauthorized"}. */
export function wrongKey(key: string): string {
  if (key === '') return 'x';
  const last = key.at(-1) === 'x' ? 'y' : 'x';
  return `${key.slice(0, -1)}${last}`;
}

/** `ok` for 2xx, `error` otherwise: how the answer's status line is coloured. */
export function statusClass(status: number): 'ok' | 'error' {
  return status >= 200 && status < 300 ? 'ok' : 'error';
}

/** The request as an HTTP message: request line, headers, blank line, body. */
export function requestText(request: {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string | undefined;
}): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`);
  return [`${request.method} ${request.url} HTTP/1.1`, ...headers, '', request.body ?? ''].join(
    '\n',
  );
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
