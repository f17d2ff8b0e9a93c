/**
 * The server side of `ch2-console`: `POST /demos/redis-console/run` runs one line for the
 * visitor named by the `echo_lab_visitor` cookie (issued here), `GET /demos/redis-console/session`
 * tells the page its namespace and limits. Rate limits hold per visitor and for everyone
 * together (never per IP: a class shares one address); one visitor's lines run one at a time.
 *
 * The console talks to its own Redis database (default: the broadcasting server, db 1), so
 * its keys never mix with the app's; PUBLISH channels get the visitor namespace because pub/sub
 * ignores database numbers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { RateLimiter } from '../../app/rate-limit.ts';
import { BodyError, readBody } from '../../http/request-body.ts';
import { sendJson } from '../../http/respond.ts';
import type { DemoContext, DemoService, DemoServiceFactory } from '../demo-service.ts';
import { ConsoleExecutor } from './console-executor.ts';
import { consoleMessages } from './console-messages.ts';
import { CONSOLE_LIMITS, type ConsoleLimits } from './limits.ts';
import { parseRedisUrl, RedisOfflineError, RespConnection } from './resp-connection.ts';
import { visitorOf } from './visitor.ts';

/** The service's name and the first segment of its routes. */
export const REDIS_CONSOLE_NAME = 'redis-console';
const BASE = `/demos/${REDIS_CONSOLE_NAME}`;

/** Options of {@link createRedisConsole}. */
export interface RedisConsoleOptions {
  /** The console's Redis. @default the broadcasting Redis with database 1 */
  readonly redisUrl?: string;
  /** @default "echo-lab:console:" */
  readonly namespaceRoot?: string;
  /** @default {@link CONSOLE_LIMITS} */
  readonly limits?: Partial<ConsoleLimits>;
}

/**
 * The Redis of the demos where readers run commands: `DEMO_REDIS_URL` when set, else the same
 * server as broadcasting, database 1.
 */
export function demoRedisUrl(context: Pick<DemoContext, 'redisUrl' | 'demoRedisUrl'>): string {
  if (context.demoRedisUrl !== undefined) return context.demoRedisUrl;
  const url = new URL(context.redisUrl);
  url.pathname = '/1';
  return url.toString();
}

const runBody = z.object({
  line: z.string().max(60_000),
  lang: z.enum(['zh-TW', 'en']).default('en'),
});

/** A visitor's lines queued at most; more get "busy". */
const MAX_QUEUED = 4;

/** Builds the console service on `context` with `options`. */
export function createRedisConsole(
  context: DemoContext,
  options: RedisConsoleOptions = {},
): DemoService {
  const limits: ConsoleLimits = { ...CONSOLE_LIMITS, ...options.limits };
  const logger = context.logger.child({ demo: REDIS_CONSOLE_NAME });
  const target = parseRedisUrl(options.redisUrl ?? demoRedisUrl(context), 1);
  const connection = new RespConnection(target, logger);
  const executor = new ConsoleExecutor({
    connection,
    limits,
    namespaceRoot: options.namespaceRoot ?? 'echo-lab:console:',
    broadcastPrefix: context.keyPrefix,
  });
  const perVisitor = new RateLimiter({
    burst: limits.visitorBurst,
    perSecond: limits.visitorPerSecond,
  });
  const global = new RateLimiter({ burst: limits.globalBurst, perSecond: limits.globalPerSecond });
  const queues = new Map<string, { tail: Promise<unknown>; size: number }>();

  function queued<T>(tag: string, task: () => Promise<T>): Promise<T> | undefined {
    const queue = queues.get(tag) ?? { tail: Promise.resolve(), size: 0 };
    if (queue.size >= MAX_QUEUED) return undefined;
    queue.size += 1;
    queues.set(tag, queue);
    const result = queue.tail.then(task, task);
    queue.tail = result.then(
      () => undefined,
      () => undefined,
    );
    void queue.tail.then(() => {
      queue.size -= 1;
      if (queue.size === 0 && queues.get(tag) === queue) queues.delete(tag);
    });
    return result;
  }

  async function run(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const visitor = visitorOf(req, res);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    // JSON only: a cross-site form cannot send it without a CORS preflight we never grant.
    if (type !== 'application/json') {
      sendJson(res, 415, { error: 'Send the line as JSON: {"line": "...", "lang": "en"}' });
      return;
    }
    const parsed = runBody.safeParse(await readBody(req));
    if (!parsed.success) {
      sendJson(res, 400, { error: 'Expected {"line": string, "lang": "zh-TW" | "en"}' });
      return;
    }
    const { line, lang } = parsed.data;
    const text = consoleMessages(lang);
    if (!global.take('all')) {
      sendJson(res, 429, { error: text.globalRateLimited }, { 'Retry-After': '1' });
      return;
    }
    if (!perVisitor.take(visitor.tag)) {
      sendJson(res, 429, { error: text.rateLimited }, { 'Retry-After': '1' });
      return;
    }
    const pending = queued(visitor.tag, () => executor.run(visitor.tag, line, lang));
    if (pending === undefined) {
      sendJson(res, 429, { error: text.busy }, { 'Retry-After': '1' });
      return;
    }
    try {
      sendJson(res, 200, { namespace: executor.namespace(visitor.tag), ...(await pending) });
    } catch (error) {
      if (!(error instanceof RedisOfflineError)) throw error;
      logger.warn({ err: error.message }, 'Console command failed: Redis offline');
      sendJson(res, 503, { error: text.offline(error.message) });
    }
  }

  return {
    name: REDIS_CONSOLE_NAME,
    async handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path !== `${BASE}/run` && path !== `${BASE}/session`) return false;
      try {
        if (path === `${BASE}/session` && req.method === 'GET') {
          const visitor = visitorOf(req, res);
          sendJson(res, 200, { namespace: executor.namespace(visitor.tag), db: target.db, limits });
        } else if (path === `${BASE}/run` && req.method === 'POST') {
          await run(req, res);
        } else {
          res.setHeader('Allow', path.endsWith('/run') ? 'POST' : 'GET');
          sendJson(res, 405, { error: `${path} takes ${path.endsWith('/run') ? 'POST' : 'GET'}` });
        }
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        sendJson(res, error.status, { error: error.message });
      }
      return true;
    },
    async health() {
      return (await connection.ping())
        ? { ok: true }
        : { ok: false, reason: `The console's Redis (db ${target.db}) is not reachable` };
    },
    async close() {
      connection.close();
    },
  };
}

/** The console as registered in `DEMO_SERVICES`. */
export const redisConsoleService: DemoServiceFactory = (context) => createRedisConsole(context);
