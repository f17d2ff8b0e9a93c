/**
 * The Socket.IO server options of an echo server: the user's `socketio` passthrough, then the
 * options that protect the server and cannot be overridden (allowEIO3, Origin guard, buffer
 * size, connection state recovery, cluster adapter).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { RedisKeys } from '../redis/keys.ts';
import type { EchoServerConfig } from './config/config-schema.ts';
import { originGuard } from './http/origin-policy.ts';
import { LocalAdapter } from './local-adapter.ts';

// Options that protect the server; a `socketio` entry in the config cannot override them.
const OWN_SOCKETIO_OPTIONS = new Set([
  'cors',
  'allowRequest',
  'maxHttpBufferSize',
  'adapter',
  'allowEIO3',
  'connectionStateRecovery',
]);

/** Builds the options; `clusterClient` turns the Redis streams adapter on. */
export function socketIoOptions(
  config: EchoServerConfig,
  keys: RedisKeys,
  clusterClient: Redis | undefined,
): Partial<ServerOptions> {
  const passthrough = Object.fromEntries(
    Object.entries(config.socketio).filter(([k]) => !OWN_SOCKETIO_OPTIONS.has(k)),
  );
  // Read on every handshake, so `authHost` may be set after start.
  const guard = originGuard(() => ({
    allowedOrigins: config.allowedOrigins,
    authHost: config.authHost,
  }));
  return {
    // laravel-echo-server served /socket.io/socket.io.js and layouts load it from there.
    serveClient: true,
    ...(passthrough as Partial<ServerOptions>),
    // socket.io-client 2 (laravel-echo 1.x apps) speaks Engine.IO 3.
    allowEIO3: true,
    maxHttpBufferSize: config.maxHttpBufferSize,
    allowRequest: guard,
    cors: {
      // allowRequest sees the Host header and decides; CORS only echoes the origin back.
      origin: (origin, cb) => cb(null, origin ?? false),
      credentials: true,
    },
    ...(config.connectionStateRecovery.enabled
      ? {
          connectionStateRecovery: {
            maxDisconnectionDuration: config.connectionStateRecovery.maxDisconnectionMs,
            skipMiddlewares: true,
          },
        }
      : {}),
    // One node: our own adapter (local-adapter.ts), with or without recovery. A cluster: the
    // Redis streams adapter, which keeps the sessions in Redis.
    adapter: clusterClient
      ? createAdapter(clusterClient, {
          streamName: keys.clusterStream,
          channelPrefix: keys.clusterChannelPrefix,
          sessionKeyPrefix: keys.sessionPrefix,
          onlyPlaintext: true,
        })
      : LocalAdapter,
  };
}
