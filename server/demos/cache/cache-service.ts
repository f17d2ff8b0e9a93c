/**
 * The server side of `ch2-cache`: cache-aside in front of a deliberately slow "database".
 * `POST /demos/cache/read` runs `GET`; on a miss it queries the database and writes the result
 * back with `SET ... EX <ttl>`; it answers what happened (hit or miss), the measured time of
 * each step, the TTL left and the exact Redis commands with their RESP replies.
 * `POST /demos/cache/forget` runs `DEL` (the invalidation on a write). Keys live in the
 * visitor's namespace, in the console's database (default db 1).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { RateLimiter } from '../../app/rate-limit.ts';
import { BodyError, readBody } from '../../http/request-body.ts';
import { sendJson } from '../../http/respond.ts';
import type { DemoContext, DemoService, DemoServiceFactory } from '../demo-service.ts';
import { showCommand } from '../redis-console/command-line.ts';
import { formatReply } from '../redis-console/reply-format.ts';
import { demoRedisUrl } from '../redis-console/redis-console-service.ts';
import { encodeCommand, showResp, type RespReply } from '../redis-console/resp.ts';
import {
  parseRedisUrl,
  RedisOfflineError,
  RespConnection,
} from '../redis-console/resp-connection.ts';
import { visitorOf } from '../redis-console/visitor.ts';
import { SLOW_QUERY_MS, SlowDatabase } from './slow-database.ts';

/** The service's name and the first segment of its routes. */
export const CACHE_NAME = 'cache';
const BASE = `/demos/${CACHE_NAME}`;

/** The key the demo caches, as the chapter names it. */
export const CACHE_KEY = 'rooms:popular';

/** Options of {@link createCache}. */
export interface CacheOptions {
  /** @default the console's Redis (the broadcasting server, database 1) */
  readonly redisUrl?: string;
  /** @default "echo-lab:cache:" */
  readonly namespaceRoot?: string;
  /** @default {@link SLOW_QUERY_MS} */
  readonly slowQueryMs?: number;
}

/** One Redis command of a request, with its measured time. */
export interface CacheStep {
  readonly command: string;
  readonly request: string;
  readonly reply: string;
  readonly lines: readonly string[];
  readonly ms: number;
}

const readBodySchema = z.object({ ttl: z.number().int().min(1).max(300).default(10) });
const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Builds the cache demo service. */
export function createCache(context: DemoContext, options: CacheOptions = {}): DemoService {
  const logger = context.logger.child({ demo: CACHE_NAME });
  const target = parseRedisUrl(options.redisUrl ?? demoRedisUrl(context), 1);
  const redis = new RespConnection(target, logger);
  const database = new SlowDatabase(options.slowQueryMs ?? SLOW_QUERY_MS);
  const root = options.namespaceRoot ?? 'echo-lab:cache:';
  const limiter = new RateLimiter({ burst: 10, perSecond: 3 });

  async function run(args: string[], steps: CacheStep[]): Promise<RespReply> {
    const buffers = args.map((arg) => Buffer.from(arg));
    const started = performance.now();
    const reply = await redis.send(buffers);
    steps.push({
      command: showCommand(buffers),
      request: showResp(encodeCommand(buffers)),
      reply: showResp(reply.raw),
      lines: formatReply(reply.value),
      ms: round(performance.now() - started),
    });
    return reply;
  }

  async function read(key: string, ttl: number): Promise<Record<string, unknown>> {
    const steps: CacheStep[] = [];
    const started = performance.now();
    const cached = await run(['GET', key], steps);
    let value: string;
    let dbMs: number | null = null;
    const hit = cached.value.type === 'bulk' && cached.value.value !== null;
    if (cached.value.type === 'bulk' && cached.value.value !== null) {
      value = cached.value.value.toString('utf8');
    } else {
      const queryStarted = performance.now();
      value = JSON.stringify(await database.popularRooms());
      dbMs = round(performance.now() - queryStarted);
      await run(['SET', key, value, 'EX', String(ttl)], steps);
    }
    const totalMs = round(performance.now() - started);
    // Read after the answer is built: the TTL the reader counts down from is Redis's own.
    const left = await run(['TTL', key], steps);
    return {
      outcome: hit ? 'hit' : 'miss',
      key,
      value: JSON.parse(value) as unknown,
      totalMs,
      dbMs,
      ttl: left.value.type === 'integer' ? Number(left.value.value) : -2,
      queries: database.queries,
      steps,
    };
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    action: 'read' | 'forget',
  ): Promise<void> {
    const visitor = visitorOf(req, res);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      sendJson(res, 415, { error: 'Send JSON' });
      return;
    }
    const parsed = readBodySchema.safeParse(await readBody(req));
    if (!parsed.success) {
      sendJson(res, 400, { error: 'ttl must be a whole number of seconds, 1 to 300' });
      return;
    }
    if (!limiter.take(visitor.tag)) {
      sendJson(
        res,
        429,
        { error: 'Slow down: a few requests a second at most.' },
        { 'Retry-After': '1' },
      );
      return;
    }
    const key = `${root}${visitor.tag}:${CACHE_KEY}`;
    if (action === 'read') {
      sendJson(res, 200, await read(key, parsed.data.ttl));
      return;
    }
    const steps: CacheStep[] = [];
    const removed = await run(['DEL', key], steps);
    sendJson(res, 200, {
      removed: removed.value.type === 'integer' ? Number(removed.value.value) : 0,
      steps,
    });
  }

  return {
    name: CACHE_NAME,
    async handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (!path.startsWith(`${BASE}/`) || req.method !== 'POST') return false;
      const action =
        path === `${BASE}/read` ? 'read' : path === `${BASE}/forget` ? 'forget' : undefined;
      if (action === undefined) return false;
      try {
        await handle(req, res, action);
      } catch (error) {
        if (error instanceof BodyError) sendJson(res, error.status, { error: error.message });
        else if (error instanceof RedisOfflineError) {
          logger.warn({ err: error.message }, 'Cache demo: Redis offline');
          sendJson(res, 503, { error: `Redis is offline: ${error.message}` });
        } else throw error;
      }
      return true;
    },
    async health() {
      return (await redis.ping()) ? { ok: true } : { ok: false, reason: 'Redis is not reachable' };
    },
    async close() {
      redis.close();
    },
  };
}

/** The cache demo as registered in `DEMO_SERVICES`. */
export const cacheService: DemoServiceFactory = (context) => createCache(context);
