/**
 * The server side of `ch2-pubsub`: a page opens `GET /demos/pubsub/stream` (Server-Sent
 * Events) and gets a session with three subscriber panes; `POST /demos/pubsub/listen` makes a
 * pane SUBSCRIBE or PSUBSCRIBE; `POST /demos/pubsub/publish` runs PUBLISH and answers the
 * receiver count Redis returned. Every channel lives in the visitor's namespace
 * (`echo-lab:pubsub:<visitor tag>:`), so two readers never cross-talk while two tabs of one
 * reader share their channels.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { RateLimiter } from '../../app/rate-limit.ts';
import { BodyError, readBody } from '../../http/request-body.ts';
import { sendJson } from '../../http/respond.ts';
import type { DemoContext, DemoService, DemoServiceFactory } from '../demo-service.ts';
import { showCommand } from '../redis-console/command-line.ts';
import { formatReply } from '../redis-console/reply-format.ts';
import { encodeCommand, showResp } from '../redis-console/resp.ts';
import {
  parseRedisUrl,
  RedisOfflineError,
  RespConnection,
} from '../redis-console/resp-connection.ts';
import { demoRedisUrl } from '../redis-console/redis-console-service.ts';
import { visitorOf } from '../redis-console/visitor.ts';
import { PANES, PubSubSession } from './pubsub-session.ts';
import { SseStream } from '../../http/sse-stream.ts';

/** The service's name and the first segment of its routes. */
export const PUBSUB_NAME = 'pubsub';
const BASE = `/demos/${PUBSUB_NAME}`;

/** Options of {@link createPubSub}. */
export interface PubSubOptions {
  /** @default the console's Redis (the broadcasting server, database 1) */
  readonly redisUrl?: string;
  /** @default "echo-lab:pubsub:" */
  readonly namespaceRoot?: string;
  /** Pages one visitor may have open; the oldest is closed beyond. @default 4 */
  readonly maxPagesPerVisitor?: number;
  /** Pages open at once, all visitors together. @default 120 */
  readonly maxPages?: number;
  /** Requests in a burst per visitor. @default 20 */
  readonly visitorBurst?: number;
  /** Requests regained per second per visitor. @default 4 */
  readonly visitorPerSecond?: number;
}

const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\s\p{Cc}]+$/u, 'no spaces or control characters');
const listenBody = z.object({
  session: z.string().max(64),
  pane: z
    .number()
    .int()
    .min(0)
    .max(PANES - 1),
  mode: z.enum(['subscribe', 'psubscribe', 'none']),
  target: z.union([name, z.literal('')]),
});
const publishBody = z.object({ channel: name, message: z.string().max(500) });

/** Builds the pub/sub demo service. */
export function createPubSub(context: DemoContext, options: PubSubOptions = {}): DemoService {
  const logger = context.logger.child({ demo: PUBSUB_NAME });
  const target = parseRedisUrl(options.redisUrl ?? demoRedisUrl(context), 1);
  const publisher = new RespConnection(target, logger);
  const root = options.namespaceRoot ?? 'echo-lab:pubsub:';
  const sessions = new Map<string, PubSubSession>();
  const limiter = new RateLimiter({
    burst: options.visitorBurst ?? 20,
    perSecond: options.visitorPerSecond ?? 4,
  });
  const global = new RateLimiter({ burst: 300, perSecond: 100 });
  const maxPerVisitor = options.maxPagesPerVisitor ?? 4;
  const maxPages = options.maxPages ?? 120;
  const namespace = (tag: string): string => `${root}${tag}:`;

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    const visitor = visitorOf(req, res);
    const mine = [...sessions.values()].filter((session) => session.visitorTag === visitor.tag);
    // A reader who reloads a lot keeps at most a few pages: the oldest gives way.
    for (const old of mine.slice(0, Math.max(0, mine.length - maxPerVisitor + 1))) {
      old.close('too-many-pages');
    }
    if (sessions.size >= maxPages) {
      sendJson(res, 503, { error: 'Too many pages have the pub/sub demo open; try again soon.' });
      return;
    }
    const id = randomBytes(12).toString('hex');
    const stream = new SseStream(res, () => {
      sessions.get(id)?.close();
      sessions.delete(id);
    });
    const session = new PubSubSession({
      id,
      visitorTag: visitor.tag,
      namespace: namespace(visitor.tag),
      stream,
      target,
      logger,
    });
    sessions.set(id, session);
    stream.send('ready', { session: id, namespace: namespace(visitor.tag), panes: PANES });
  }

  function limited(res: ServerResponse, tag: string): boolean {
    if (global.take('all') && limiter.take(tag)) return false;
    sendJson(
      res,
      429,
      { error: 'Slow down: too many requests. Try again in a second.' },
      { 'Retry-After': '1' },
    );
    return true;
  }

  async function listen(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const visitor = visitorOf(req, res);
    const parsed = listenBody.safeParse(await readBody(req));
    if (!parsed.success) {
      sendJson(res, 400, { error: `Bad request: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    if (limited(res, visitor.tag)) return;
    const session = sessions.get(parsed.data.session);
    // A session id from another visitor is as good as unknown.
    if (session === undefined || session.visitorTag !== visitor.tag) {
      sendJson(res, 404, { error: 'No such pub/sub session: reload the page.' });
      return;
    }
    const { pane, mode, target: channel } = parsed.data;
    if (mode !== 'none' && channel === '') {
      sendJson(res, 400, { error: 'Give a channel (or a pattern) to listen to.' });
      return;
    }
    sendJson(res, 200, { steps: await session.listen(pane, mode, channel) });
  }

  async function publish(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const visitor = visitorOf(req, res);
    const parsed = publishBody.safeParse(await readBody(req));
    if (!parsed.success) {
      sendJson(res, 400, { error: `Bad request: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    if (limited(res, visitor.tag)) return;
    const ns = namespace(visitor.tag);
    // The echo server psubscribes to `<prefix>*`; with an empty prefix it would hear us too.
    if (ns.startsWith(context.keyPrefix)) {
      sendJson(res, 409, {
        error: 'PUBLISH is off: the echo server listens to every channel (empty key prefix).',
      });
      return;
    }
    const args = [
      Buffer.from('PUBLISH'),
      Buffer.from(ns + parsed.data.channel),
      Buffer.from(parsed.data.message),
    ];
    const reply = await publisher.send(args);
    const receivers = reply.value.type === 'integer' ? Number(reply.value.value) : 0;
    sendJson(res, 200, {
      receivers,
      step: {
        command: showCommand(args),
        request: showResp(encodeCommand(args)),
        reply: showResp(reply.raw),
        lines: formatReply(reply.value),
      },
    });
  }

  return {
    name: PUBSUB_NAME,
    async handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (!path.startsWith(`${BASE}/`)) return false;
      const method = req.method ?? 'GET';
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      // JSON only: a cross-site form cannot send it without a CORS preflight we never grant.
      if (method === 'POST' && type !== 'application/json') {
        sendJson(res, 415, { error: 'Send JSON' });
        return true;
      }
      try {
        if (path === `${BASE}/stream` && method === 'GET') openStream(req, res);
        else if (path === `${BASE}/listen` && method === 'POST') await listen(req, res);
        else if (path === `${BASE}/publish` && method === 'POST') await publish(req, res);
        else return false;
      } catch (error) {
        if (error instanceof BodyError) sendJson(res, error.status, { error: error.message });
        else if (error instanceof RedisOfflineError)
          sendJson(res, 503, { error: `Redis is offline: ${error.message}` });
        else throw error;
      }
      return true;
    },
    async health() {
      return (await publisher.ping())
        ? { ok: true }
        : { ok: false, reason: 'Redis is not reachable' };
    },
    async close() {
      for (const session of sessions.values()) session.close();
      sessions.clear();
      publisher.close();
    },
  };
}

/** The pub/sub demo as registered in `DEMO_SERVICES`. */
export const pubSubService: DemoServiceFactory = (context) => createPubSub(context);
