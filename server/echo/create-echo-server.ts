/**
 * Builds an echo server on a given http(s) server: Socket.IO 4 with the Laravel broadcasting
 * protocol, the Redis and HTTP subscribers, presence, the HTTP API, health and metrics.
 * It never listens itself and never rejects because Redis is down: it reports `degraded`
 * and recovers when Redis comes up.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type https from 'node:https';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Server } from 'socket.io';
import { createRedisClient, redisAddress } from '../redis/create-redis-client.ts';
import { redisKeys, type RedisKeys } from '../redis/keys.ts';
import { createBroadcaster } from './broadcaster.ts';
import { ChannelAuthorizer } from './channels/authorize-channel.ts';
import { ChannelManager } from './channels/channel-manager.ts';
import { channelType, isNodeRoom, nodeRoom } from './channels/channel-name.ts';
import { PresenceStore } from './channels/presence-store.ts';
import type { EchoServerConfig, EchoServerConfigInput } from './config/config-schema.ts';
import { applyEnv, parseConfig } from './config/load-config.ts';
import { createEchoServerEvents, type EchoServerEvents } from './events.ts';
import { createHttpApi } from './http/http-api.ts';
import { releaseRequestsOf } from './slim-request.ts';
import { socketIoOptions } from './socket-io-options.ts';
import { createClusterStats, localStats } from './cluster-stats.ts';
import { startPresenceHeartbeat } from './channels/presence-heartbeat.ts';
import type { EchoIO, EchoSocket } from './io-types.ts';
import { createMetrics } from './metrics.ts';
import { startRedisSubscriber, type RedisSubscriber } from './subscribers/redis-subscriber.ts';

export type { EchoServerConfig, EchoServerConfigInput } from './config/config-schema.ts';
export type { EchoServerEvents, EchoServerEventMap } from './events.ts';

/** The result of {@link EchoServer.health}. */
export interface EchoServerHealth {
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** A running echo server. */
export interface EchoServer {
  /** The Socket.IO server, typed with the protocol's event maps. */
  io: EchoIO;
  /** The resolved configuration. `authHost` may be changed after start. */
  config: EchoServerConfig;
  /** Typed events for dashboards and demos. */
  events: EchoServerEvents;
  /** Redis keys of this app (prefix applied). */
  keys: RedisKeys;
  /** This process's node id (presence records, heartbeats). */
  nodeId: string;
  /**
   * Handles the echo server's own HTTP routes (`/apps/...`, `/health`, `/metrics`).
   * Returns false when the request is not one of them.
   */
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  health(): Promise<EchoServerHealth>;
  metrics: Registry;
  /** Graceful: leaves presence cleanly, tells clients to reconnect, quits Redis. */
  close(): Promise<void>;
}

/** Options of {@link createEchoServer}. */
export interface CreateEchoServerOptions {
  httpServer: http.Server | https.Server;
  config?: EchoServerConfigInput;
  logger?: Logger;
  /** Applied as `LARAVEL_ECHO_SERVER_*` overrides; process.env is not read otherwise. */
  env?: NodeJS.ProcessEnv;
}

/** Builds an echo server on `options.httpServer`. */
export async function createEchoServer(options: CreateEchoServerOptions): Promise<EchoServer> {
  const raw: Record<string, unknown> = { ...(options.config ?? {}) };
  const config = parseConfig(options.env ? applyEnv(raw, options.env) : raw);
  const logger = (
    options.logger ?? pino({ name: 'echo-server', level: config.devMode ? 'debug' : 'info' })
  ).child({ module: 'echo' });
  const redisConfig = config.databaseConfig.redis;
  const keys = redisKeys(redisConfig.keyPrefix);
  const nodeId = randomBytes(8).toString('hex');
  const events = createEchoServerEvents();
  const startedAt = Date.now();

  const commands = createRedisClient(redisConfig, logger, 'commands');
  const clusterClient = config.cluster.enabled
    ? createRedisClient(redisConfig, logger, 'cluster')
    : undefined;
  const io: EchoIO = new Server(options.httpServer, socketIoOptions(config, keys, clusterClient));
  // Registered after Socket.IO's own listener, before any CONNECT packet is read.
  releaseRequestsOf(io.engine);

  const metrics = createMetrics({
    connections: () => io.engine.clientsCount,
    subscriptions: () => {
      const byType: Record<string, number> = { public: 0, private: 0, presence: 0 };
      for (const [channel, n] of Object.entries(localStats(io).channels))
        byType[channelType(channel)] = (byType[channelType(channel)] ?? 0) + n;
      return byType;
    },
  });
  const authorizer = new ChannelAuthorizer(
    () => ({
      authHost: config.authHost,
      authEndpoint: config.authEndpoint,
      timeoutMs: config.auth.timeoutMs,
      rejectUnauthorized: config.auth.rejectUnauthorized,
    }),
    config.auth.maxConcurrent,
  );
  const presence = new PresenceStore(commands, keys, nodeId);
  // Cluster mode: the other nodes' rooms, known after the first heartbeat.
  let otherNodeRooms: string[] | undefined;
  let warnedAlone = false;
  const manager = new ChannelManager({ io, config, logger, events, metrics, authorizer, presence });
  const broadcast = createBroadcaster(
    io,
    logger,
    events,
    metrics,
    config.cluster.enabled ? () => otherNodeRooms : undefined,
  );

  let subscriberClient: Redis | undefined;
  let subscriber: RedisSubscriber | undefined;
  if (config.subscribers.redis) {
    subscriberClient = createRedisClient(redisConfig, logger, 'subscriber');
    subscriber = startRedisSubscriber(subscriberClient, keys, broadcast, logger);
  }

  io.on('connection', (socket: EchoSocket) => {
    if (config.cluster.enabled) {
      // A session recovered from another node still holds that node's room.
      for (const room of socket.rooms) if (isNodeRoom(room)) void socket.leave(room);
      void socket.join(nodeRoom(nodeId));
    }
    manager.attach(socket);
    if (socket.recovered)
      void manager
        .restorePresence(socket)
        .catch((err: unknown) => logger.warn({ err }, 'Could not restore presence'));
    if (events.listenerCount('connection') > 0) {
      const eio = socket.conn.protocol === 3 ? 3 : 4;
      events.emit('connection', {
        socketId: socket.id,
        transport: socket.conn.transport.name,
        clientVersion: eio,
      });
    }
    if (events.listenerCount('disconnect') > 0) {
      socket.on('disconnect', (reason) =>
        events.emit('disconnect', { socketId: socket.id, reason }),
      );
    }
  });
  const clusterStats = createClusterStats(io, config.cluster.enabled, logger);
  const heartbeat = startPresenceHeartbeat({
    io,
    commands,
    presence,
    manager,
    heartbeatMs: config.presence.heartbeatMs,
    nodeTimeoutMs: config.presence.nodeTimeoutMs,
    logger,
    onNodes: (nodes) => {
      const first = otherNodeRooms === undefined;
      otherNodeRooms = nodes.filter((n) => n !== nodeId).map(nodeRoom);
      if (first && config.cluster.enabled) io.serverSideEmit('echo:hello', nodeId);
      if (!config.cluster.enabled && !warnedAlone && otherNodeRooms.length > 0) {
        warnedAlone = true;
        logger.warn(
          { nodes },
          'Another echo-server uses this Redis and key prefix, but cluster.enabled is false: whispers, presence events and HTTP API broadcasts stay on the node that received them. Set "cluster": {"enabled": true} (or LARAVEL_ECHO_SERVER_CLUSTER=true) on every instance.',
        );
      }
    },
  });
  io.on('echo:hello', (peer) => {
    const room = nodeRoom(peer);
    if (otherNodeRooms !== undefined && peer !== nodeId && !otherNodeRooms.includes(room)) {
      otherNodeRooms = [...otherNodeRooms, room];
    }
  });

  const health = async (): Promise<EchoServerHealth> => {
    const address = redisAddress(redisConfig);
    const redisOk =
      commands.status === 'ready' &&
      (subscriber === undefined || subscriber.subscribed) &&
      (clusterClient === undefined || clusterClient.status === 'ready');
    metrics.redisUp.set(redisOk ? 1 : 0);
    const checks: EchoServerHealth['checks'] = {
      redis: redisOk
        ? { ok: true, detail: address }
        : {
            ok: false,
            detail: `Redis at ${address} is unreachable (status ${commands.status}); retrying`,
          },
    };
    return { status: redisOk ? 'ok' : 'degraded', checks };
  };

  const handleRequest = createHttpApi({
    config,
    logger,
    metrics,
    presence,
    broadcast,
    clusterStats,
    health,
    startedAt,
  });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      heartbeat.stop();
      manager.closing = true;
      if (commands.status === 'ready') {
        try {
          const left = await presence.removeNode(nodeId);
          for (const { channel, member } of left) manager.announceLeaving(channel, member);
          await presence.forgetSelf();
        } catch (err) {
          logger.warn(
            { err },
            'Could not remove presence records at shutdown; they expire with the heartbeat',
          );
        }
      }
      // Closing the transports (no disconnect packet) makes clients reconnect, to us or a peer.
      io.engine.close();
      await subscriber?.close();
      await new Promise<void>((resolve) => setImmediate(resolve));
      io.of('/').adapter.close();
      authorizer.close();
      await Promise.allSettled([commands.quit(), clusterClient?.quit()]);
      commands.disconnect();
      clusterClient?.disconnect();
      logger.info({ nodeId }, 'Echo server closed');
    })();
    return closed;
  };

  logger.info(
    {
      nodeId,
      redis: redisAddress(redisConfig),
      keyPrefix: keys.laravelPrefix,
      cluster: config.cluster.enabled,
    },
    'Echo server ready',
  );
  return {
    io,
    config,
    events,
    keys,
    nodeId,
    handleRequest,
    health,
    metrics: metrics.registry,
    close,
  };
}
