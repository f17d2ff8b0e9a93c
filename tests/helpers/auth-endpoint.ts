/**
 * A tiny, real `/broadcasting/auth` for tests, answering like Laravel (PROTOCOL.md section 2):
 * `true` for private channels, `{"channel_data": …}` for presence, 403 `{"message":""}` when
 * refused, and (on request) never answering at all.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** What the endpoint received. */
export interface AuthRequestRecord {
  channel: string;
  headers: http.IncomingHttpHeaders;
}

/** How to answer one request. */
export type AuthAnswer = { status: number; body?: unknown; contentType?: string } | 'hang';

/** Decides the answer. The default rule accepts everything, as user 1. */
export type AuthRule = (channel: string, headers: http.IncomingHttpHeaders) => AuthAnswer;

/** Laravel's answer for a user: presence channels get channel_data, private ones `true`. */
export function allow(
  userId: string | number,
  userInfo: unknown = { name: `user ${userId}` },
): (channel: string) => AuthAnswer {
  return (channel) =>
    channel.startsWith('presence-')
      ? { status: 200, body: { channel_data: { user_id: userId, user_info: userInfo } } }
      : { status: 200, body: true };
}

/**
 * A rule reading the user from the `Authorization: Bearer user-<id>` header, as a logged-in
 * Laravel app would; no header is 401, `deny-*` channels are 403.
 */
export const bearerUserRule: AuthRule = (channel, headers) => {
  const m = /^Bearer user-(\w+)$/.exec(String(headers.authorization ?? ''));
  if (!m) return { status: 401, body: { message: 'Unauthenticated.' } };
  if (/^(private|presence)-deny/.test(channel)) return { status: 403, body: { message: '' } };
  const id = m[1] ?? '';
  return allow(/^\d+$/.test(id) ? Number(id) : id)(channel);
};

/** A running auth endpoint. */
export interface TestAuthEndpoint {
  /** The authHost to configure (`http://127.0.0.1:<port>`). */
  url: string;
  requests: AuthRequestRecord[];
  rule: AuthRule;
  close(): Promise<void>;
}

/** Starts the endpoint on port 0 at `/broadcasting/auth`. */
export async function startAuthEndpoint(
  rule: AuthRule = bearerUserRule,
  options: { tls?: { key: Buffer; cert: Buffer } } = {},
): Promise<TestAuthEndpoint> {
  const hanging = new Set<http.ServerResponse>();
  const endpoint: TestAuthEndpoint = { url: '', requests: [], rule, close: async () => undefined };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/broadcasting/auth') {
        res.writeHead(404);
        res.end();
        return;
      }
      const channel =
        new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('channel_name') ?? '';
      endpoint.requests.push({ channel, headers: req.headers });
      const answer = endpoint.rule(channel, req.headers);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      // Laravel often answers text/html; the server must parse it anyway.
      res.writeHead(answer.status, {
        'Content-Type': answer.contentType ?? 'text/html; charset=UTF-8',
      });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  };
  const server = options.tls
    ? https.createServer(options.tls, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return endpoint;
}
