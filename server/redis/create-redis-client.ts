/**
 * ioredis clients for the echo server: built from `databaseConfig.redis`, with an error
 * listener that explains an unreachable Redis once (then every 30 s) instead of spamming,
 * and that never lets a connection error crash the process.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/** The `databaseConfig.redis` part of the configuration. */
export interface RedisConnectionConfig {
  host: string;
  port: number;
  password: string;
  db: number;
  url: string;
  keyPrefix: string;
  [extra: string]: unknown;
}

/** A printable address of the configured Redis (no password). */
export function redisAddress(config: RedisConnectionConfig): string {
  if (config.url !== '') {
    try {
      const u = new URL(config.url);
      u.password = '';
      u.username = '';
      return u.toString();
    } catch {
      return '(invalid databaseConfig.redis.url)';
    }
  }
  return `redis://${config.host}:${config.port}/${config.db}`;
}

/** Creates a client. `role` names it in logs ("commands", "subscriber", "cluster"). */
export function createRedisClient(
  config: RedisConnectionConfig,
  logger: Logger,
  role: string,
): Redis {
  // keyPrefix is Laravel's prefix, applied by hand in keys.ts; ioredis must not add it again.
  const { host, port, password, db, url, keyPrefix: _keyPrefix, ...extra } = config;
  const options: RedisOptions = {
    ...(extra as RedisOptions),
    connectionName: `echo-server:${role}`,
    // Fail commands quickly while Redis is down; subscribers and presence retry on 'ready'.
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(250 * times, 2_000),
    // The subscriber re-issues PSUBSCRIBE itself on every 'ready', so a failed first attempt
    // (NOAUTH, Redis not up yet) is retried too.
    autoResubscribe: false,
  };
  if (password !== '') options.password = password;
  const client = url !== '' ? new Redis(url, options) : new Redis({ ...options, host, port, db });
  const address = redisAddress(config);
  // A host process (the tutorial site) passes a URL it read from its own settings; the CLI
  // reads host/port/password from the config file or LARAVEL_ECHO_SERVER_REDIS_* variables.
  const fix =
    url !== ''
      ? 'the Redis URL (databaseConfig.redis.url; REDIS_URL for npm start)'
      : 'databaseConfig.redis (LARAVEL_ECHO_SERVER_REDIS_HOST / _PORT / _PASSWORD)';
  let lastLog = 0;
  let down = false;
  client.on('error', (error: NodeJS.ErrnoException) => {
    const now = Date.now();
    if (now - lastLog < 30_000) return;
    lastLog = now;
    down = true;
    logger.error(
      { redis: address, role, code: error.code, err: error.message },
      `Could not reach Redis at ${address} (${error.code ?? error.message}). Start Redis (e.g. "redis-server") or fix ${fix}. Retrying.`,
    );
  });
  client.on('ready', () => {
    if (down) logger.info({ redis: address, role }, `Redis at ${address} is reachable again.`);
    down = false;
    lastLog = 0;
  });
  return client;
}
