/**
 * The app's Redis connection (what Laravel's `Redis` facade is to a PHP app): it publishes
 * broadcasts. Written for a Redis that may be down: commands fail fast instead of queueing,
 * ioredis keeps reconnecting, and the state changes are logged once each, in words.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What the health endpoint needs to know about one Redis connection. */
export interface RedisState {
  readonly ok: boolean;
  /** Why it is not ok, for a person: the URL and the error code. */
  readonly reason?: string;
}

/** A Redis connection plus the words to describe its state. */
export interface AppRedis {
  readonly redis: Redis;
  state(): RedisState;
  close(): Promise<void>;
}

/** Hides a password in a Redis URL before it is logged or shown. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Connects to Redis at `url`; never throws when Redis is down. */
export function createAppRedis(url: string, logger: Logger): AppRedis {
  const shownUrl = redactRedisUrl(url);
  const redis = new Redis(url, {
    // A demo click should fail at once with "Redis is offline", not hang for 20 retries.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 250, 2000),
    lazyConnect: false,
  });
  let lastError: string | undefined = 'connecting';
  let everReady = false;
  let reportedDown = false;

  redis.on('ready', () => {
    lastError = undefined;
    if (reportedDown) logger.info({ redis: shownUrl }, `Redis is reachable again at ${shownUrl}`);
    else if (!everReady) logger.info({ redis: shownUrl }, `Connected to Redis at ${shownUrl}`);
    everReady = true;
    reportedDown = false;
  });
  redis.on('error', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? error.message;
    lastError = code;
    // One message per outage: ioredis retries every 2 s and would repeat it forever.
    if (reportedDown) return;
    reportedDown = true;
    logger.warn(
      { redis: shownUrl, code },
      `Could not reach Redis at ${shownUrl} (${code}). Start Redis (redis-server) or set REDIS_URL. ` +
        'Pages are still served; live demos stay offline until Redis answers.',
    );
  });
  redis.on('end', () => {
    lastError = 'connection closed';
  });

  return {
    redis,
    state() {
      if (redis.status === 'ready') return { ok: true };
      return {
        ok: false,
        reason: `Redis at ${shownUrl} is not reachable (${lastError ?? redis.status})`,
      };
    },
    async close() {
      if (redis.status === 'end') return;
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
