/**
 * The server side of `ch2-laravel-payload`: `POST /demos/laravel-payload/broadcast` publishes
 * one event exactly as Laravel's Redis broadcaster would (the Lua `EVAL`, PHP's JSON) with the
 * key prefix the reader chose, and answers the exact command, the Redis channel, and whether
 * the echo server heard it. With the echo server's own prefix it goes through the app's
 * broadcaster; any other prefix is the prefix trap: Redis publishes, nobody is subscribed.
 *
 * Channels are `lab.<visitor tag>.<name>`, so one reader's events never reach another's page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { Broadcaster, type Published } from '../../app/broadcaster.ts';
import type { JsonValue } from '../../app/php-json.ts';
import { RateLimiter } from '../../app/rate-limit.ts';
import { BodyError, readBody } from '../../http/request-body.ts';
import { sendJson } from '../../http/respond.ts';
import type { DemoContext, DemoService, DemoServiceFactory } from '../demo-service.ts';
import { showResp, encodeCommand } from '../redis-console/resp.ts';
import { visitorOf } from '../redis-console/visitor.ts';
import { waitForEcho } from './echo-witness.ts';

/** The service's name and the first segment of its routes. */
export const LARAVEL_PAYLOAD_NAME = 'laravel-payload';
const BASE = `/demos/${LARAVEL_PAYLOAD_NAME}`;

/** How long the answer waits for the echo server to report the broadcast. */
export const ECHO_WAIT_MS = 1500;

/** Options of {@link createLaravelPayload}. */
export interface LaravelPayloadOptions {
  /** @default {@link ECHO_WAIT_MS} */
  readonly echoWaitMs?: number;
}

const bodySchema = z.object({
  prefix: z
    .string()
    .max(40)
    .regex(/^[^\p{C}\s]*$/u, 'no spaces or control characters'),
  channel: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_\-.]+$/, 'letters, digits and _-.'),
  event: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[^\p{C}]+$/u, 'no control characters'),
  data: z.union([z.record(z.string(), z.json()), z.array(z.json())]),
});

/** The public channel prefix of one visitor: `lab.<first 8 of the tag>.`. */
export function visitorChannelPrefix(tag: string): string {
  return `lab.${tag.slice(0, 8)}.`;
}

/** Builds the service. */
export function createLaravelPayload(
  context: DemoContext,
  options: LaravelPayloadOptions = {},
): DemoService {
  const logger = context.logger.child({ demo: LARAVEL_PAYLOAD_NAME });
  // A wrong prefix needs a broadcaster of its own; it publishes on this connection.
  const redis = new Redis(context.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 250, 2000),
  });
  redis.on('error', (error: Error) => logger.debug({ err: error.message }, 'Payload demo Redis'));
  const limiter = new RateLimiter({ burst: 10, perSecond: 2 });
  const waitMs = options.echoWaitMs ?? ECHO_WAIT_MS;

  async function broadcast(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const visitor = visitorOf(req, res);
    const parsed = bodySchema.safeParse(await readBody(req));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      sendJson(res, 400, {
        error: `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'invalid'}`,
      });
      return;
    }
    if (!limiter.take(visitor.tag)) {
      sendJson(
        res,
        429,
        { error: 'Slow down: at most a few broadcasts a second.' },
        { 'Retry-After': '1' },
      );
      return;
    }
    const { prefix, event } = parsed.data;
    const channel = visitorChannelPrefix(visitor.tag) + parsed.data.channel;
    const data = parsed.data.data as Record<string, JsonValue> | JsonValue[];
    const broadcaster =
      prefix === context.app.broadcaster.keyPrefix
        ? context.app.broadcaster
        : new Broadcaster(redis, prefix);
    const heard = waitForEcho(context.echo.events, channel, event, waitMs);
    let published: Published;
    try {
      published = await broadcaster.broadcast({ channels: [channel], event, data });
    } catch (error) {
      heard.cancel();
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'Payload broadcast failed',
      );
      sendJson(res, 503, { error: 'Redis is offline: the broadcast was not sent.' });
      return;
    }
    const { command } = published;
    const args = ['EVAL', command.script, String(command.numkeys), ...command.args];
    const echo = await heard.result;
    sendJson(res, 200, {
      channel,
      redisChannel: `${prefix}${channel}`,
      payload: command.args[0] ?? '',
      script: command.script,
      args: command.args,
      request: showResp(encodeCommand(args)),
      evalMs: Math.round(published.evalMs * 100) / 100,
      echoPrefix: context.keyPrefix,
      echoPattern: `${context.keyPrefix}*`,
      matches: `${prefix}${channel}`.startsWith(context.keyPrefix),
      usedAppBroadcaster: broadcaster === context.app.broadcaster,
      echo,
    });
  }

  return {
    name: LARAVEL_PAYLOAD_NAME,
    async handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (!path.startsWith(`${BASE}/`)) return false;
      try {
        if (path === `${BASE}/session` && req.method === 'GET') {
          const visitor = visitorOf(req, res);
          sendJson(res, 200, {
            channelPrefix: visitorChannelPrefix(visitor.tag),
            keyPrefix: context.keyPrefix,
            echoPattern: `${context.keyPrefix}*`,
          });
        } else if (path === `${BASE}/broadcast` && req.method === 'POST') {
          const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
          if (type !== 'application/json') sendJson(res, 415, { error: 'Send JSON' });
          else await broadcast(req, res);
        } else {
          return false;
        }
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        sendJson(res, error.status, { error: error.message });
      }
      return true;
    },
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}

/** The demo as registered in `DEMO_SERVICES`. */
export const laravelPayloadService: DemoServiceFactory = (context) => createLaravelPayload(context);
