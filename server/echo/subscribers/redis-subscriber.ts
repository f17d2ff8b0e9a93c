/**
 * The Redis subscriber: `PSUBSCRIBE <prefix>*`, strips Laravel's key prefix (only when
 * present), parses each message safely and hands it to the broadcaster. PSUBSCRIBE is
 * re-issued on every 'ready', so it survives Redis restarts and a failed first attempt.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisKeys } from '../../redis/keys.ts';
import type { Broadcaster } from '../broadcaster.ts';
import { parseLaravelMessage } from '../protocol.ts';

/** A running subscriber. */
export interface RedisSubscriber {
  /** Whether PSUBSCRIBE is currently in effect. */
  readonly subscribed: boolean;
  close(): Promise<void>;
}

/** Starts relaying what Laravel publishes on `client` (a dedicated connection). */
export function startRedisSubscriber(
  client: Redis,
  keys: RedisKeys,
  broadcast: Broadcaster,
  logger: Logger,
): RedisSubscriber {
  const pattern = keys.broadcastPattern;
  const prefix = keys.laravelPrefix;
  let subscribed = false;
  if (prefix === '') {
    logger.warn(
      'databaseConfig.redis.keyPrefix is empty: listening to every Redis channel. If another app shares this Redis, set LARAVEL_ECHO_SERVER_REDIS_KEY_PREFIX to Laravel\'s prefix (REDIS_PREFIX, e.g. "laravel_database_") so apps do not hear each other.',
    );
  }
  const subscribe = (): void => {
    client.psubscribe(pattern).then(
      () => {
        subscribed = true;
        logger.info({ pattern }, `Listening for Laravel broadcasts on Redis pattern "${pattern}"`);
      },
      (error: unknown) => {
        // e.g. NOAUTH: the next 'ready' (after a reconnect) tries again.
        logger.error(
          { err: error, pattern },
          `PSUBSCRIBE ${pattern} failed; will retry when Redis reconnects`,
        );
      },
    );
  };
  client.on('ready', subscribe);
  client.on('close', () => {
    subscribed = false;
  });
  if (client.status === 'ready') subscribe();
  client.on('pmessage', (_pattern: string, redisChannel: string, text: string) => {
    // Our own storage/cluster channels share the prefix: never relay them.
    if (redisChannel.startsWith(keys.namespace)) return;
    const channel = redisChannel.startsWith(prefix)
      ? redisChannel.slice(prefix.length)
      : redisChannel;
    const message = parseLaravelMessage(text);
    if (!message) {
      logger.debug(
        { channel: redisChannel },
        'Ignored a Redis message that is not a Laravel broadcast',
      );
      return;
    }
    broadcast({
      source: 'redis',
      channel,
      event: message.event,
      data: message.data,
      socket: message.socket,
    });
  });
  return {
    get subscribed() {
      return subscribed;
    },
    async close() {
      client.off('ready', subscribe);
      client.disconnect();
    },
  };
}
