/**
 * Redis for tests: the shared server at REDIS_URL with a random key prefix per test (never
 * FLUSHDB), and publishing exactly as Laravel does (PROTOCOL.md section 1).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The shared Redis of the test run. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh key prefix, shaped like Laravel's (`laravel_database_`), unique to one test. */
export function randomPrefix(): string {
  return `test_${randomBytes(6).toString('hex')}_database_`;
}

/** The `databaseConfig.redis` part of a config for `url` and `keyPrefix`. */
export function redisConfig(
  keyPrefix: string,
  url = REDIS_URL,
): { url: string; keyPrefix: string } {
  return { url, keyPrefix };
}

/** A plain client (quit it at the end of the test). */
export function createTestRedis(url = REDIS_URL): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  client.on('error', () => {
    // Fault tests stop Redis on purpose; errors are expected then.
  });
  return client;
}

// Laravel's RedisBroadcaster script: one PUBLISH per channel, numkeys 0.
const LARAVEL_BROADCAST_SCRIPT = `for i = 2, #ARGV do
  redis.call('publish', ARGV[i], ARGV[1])
end`;

/** What Laravel puts in a broadcast. */
export interface LaravelBroadcast {
  event: string;
  data: unknown;
  /** The `X-Socket-ID` of a `toOthers()` request. */
  socket?: string | null;
}

/**
 * Publishes like Laravel's Redis broadcaster: the Lua EVAL, prefixed channels, and the JSON
 * with `socket` inside `data` too.
 */
export async function publishAsLaravel(
  redis: Redis,
  prefix: string,
  channels: string[],
  message: LaravelBroadcast,
): Promise<void> {
  const socket = message.socket ?? null;
  const data =
    typeof message.data === 'object' && message.data !== null && !Array.isArray(message.data)
      ? { ...message.data, socket }
      : message.data;
  const payload = JSON.stringify({ event: message.event, data, socket });
  await redis.eval(LARAVEL_BROADCAST_SCRIPT, 0, payload, ...channels.map((c) => `${prefix}${c}`));
}

/** Keys under `pattern` (SCAN, not KEYS). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

/** Deletes every key of a test prefix (cleanup; never touches other keys). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await scanKeys(redis, `${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}
