/**
 * The `echo-http-api` demo service (ch3-http-api): `POST /demos/echo-http-api/send` with
 * `{appId, key, body}` sends the reader's `POST /apps/:appId/events` to the echo server's real
 * HTTP API and answers the exact request and the echo server's answer, errors included.
 *
 * Safe on a public site: the public demo key works only through this proxy, which swaps it for
 * the demo client's secret key; every request is rate limited per visitor and for the whole
 * site; and only channels named `lab.*` may be targeted, so nobody can inject events into the
 * other demos, the workshop or anyone's private channel.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { RateLimiter } from '../../app/rate-limit.ts';
import { SESSION_COOKIE } from '../../app/request-context.ts';
import { parseCookies } from '../../http/cookies.ts';
import { BodyError, readBody } from '../../http/request-body.ts';
import { sendJson } from '../../http/respond.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import { callEchoApi } from './echo-api-call.ts';
import { DEMO_APP_ID, ensureDemoClient, maskKey, PUBLIC_DEMO_KEY } from './demo-client.ts';

/** The service's name and route prefix. */
export const HTTP_API_NAME = 'echo-http-api';
/** The one route of the service. */
export const HTTP_API_SEND_PATH = `/demos/${HTTP_API_NAME}/send`;
/** The channels the demo may broadcast on: `lab.` and a short name. */
export const DEMO_CHANNEL = /^lab\.[A-Za-z0-9_\-.]{1,60}$/;
/** The largest body a reader may send through the demo. */
export const MAX_DEMO_BODY = 4096;

const sendSchema = z.object({
  appId: z.string().min(1).max(64),
  key: z.string().max(200),
  body: z.string().max(MAX_DEMO_BODY),
});

/**
 * The channels a body names, when it is JSON that names any (`channel`, `channels`); the echo
 * server itself judges everything else, so its real error answers reach the reader.
 */
export function namedChannels(body: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const record = value as Record<string, unknown>;
  const names: unknown[] = [
    record['channel'],
    ...(Array.isArray(record['channels']) ? record['channels'] : []),
  ];
  return names.filter((name): name is string => typeof name === 'string');
}

/** Builds the service on the site's echo server. */
export function createHttpApiPlayground(context: DemoContext): DemoService {
  const { echo, httpServer, logger } = context;
  const client = ensureDemoClient(echo);
  const perVisitor = new RateLimiter({ burst: 10, perSecond: 1 });
  const site = new RateLimiter({ burst: 60, perSecond: 20, maxClients: 1 });

  async function send(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const visitor =
      parseCookies(req.headers.cookie).get(SESSION_COOKIE) ??
      `address:${req.socket.remoteAddress ?? '?'}`;
    if (!perVisitor.take(visitor) || !site.take('site')) {
      sendJson(
        res,
        429,
        { error: 'Too many requests from this demo: wait a second and send again.' },
        { 'Retry-After': '1' },
      );
      return;
    }
    const parsed = sendSchema.safeParse(await readBody(req, MAX_DEMO_BODY * 2));
    if (!parsed.success) {
      sendJson(res, 400, {
        error: 'Send {appId, key, body} with body as text of at most 4096 bytes.',
      });
      return;
    }
    const input = parsed.data;
    const outside = namedChannels(input.body).filter((channel) => !DEMO_CHANNEL.test(channel));
    if (outside.length > 0) {
      sendJson(res, 422, {
        error: `This demo only broadcasts on channels named lab.<name>; not on ${outside.join(', ')}.`,
      });
      return;
    }
    const swapped = input.appId === DEMO_APP_ID && input.key === PUBLIC_DEMO_KEY;
    const exchange = await callEchoApi(httpServer, {
      method: 'POST',
      path: `/apps/${encodeURIComponent(input.appId)}/events`,
      key: swapped ? client.key : input.key,
      shownKey: swapped ? maskKey(client.key) : input.key,
      body: input.body,
    });
    logger.debug({ status: exchange.response.status }, 'HTTP API demo request');
    sendJson(res, 200, { ...exchange, swapped });
  }

  return {
    name: HTTP_API_NAME,
    async handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== HTTP_API_SEND_PATH) return false;
      if (req.method !== 'POST') {
        sendJson(res, 405, { error: `${HTTP_API_SEND_PATH} takes POST` }, { Allow: 'POST' });
        return true;
      }
      try {
        await send(req, res);
      } catch (error) {
        if (error instanceof BodyError) sendJson(res, error.status, { error: error.message });
        else {
          logger.warn({ err: error }, 'HTTP API demo request failed');
          sendJson(res, 502, { error: 'The echo server did not answer the demo request.' });
        }
      }
      return true;
    },
    close: () => Promise.resolve(),
  };
}
