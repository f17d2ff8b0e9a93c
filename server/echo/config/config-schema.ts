/**
 * The configuration schema: `laravel-echo-server.json` (the names laravel-echo-server 1.6.3
 * uses, PROTOCOL.md section 6) plus this server's additions. The single source of truth for
 * option names and defaults; the README options table is checked against it by a test.
 */
import { z } from 'zod';

const clientSchema = z.object({
  /** The app id used in `/apps/:appId/...` URLs. */
  appId: z.string().min(1),
  /** The key that authorizes HTTP API calls for that app. */
  key: z.string().min(1),
});

const redisSchema = z
  .object({
    /** Redis host. @default "127.0.0.1" */
    host: z.string().default('127.0.0.1'),
    /** Redis port. @default 6379 */
    port: z.coerce.number().int().min(1).max(65535).default(6379),
    /** Redis password (AUTH). @default "" */
    password: z.string().default(''),
    /** Redis database number (storage only: pub/sub ignores it). @default 0 */
    db: z.coerce.number().int().min(0).default(0),
    /** A `redis://` URL; when set it wins over host/port/password/db. @default "" */
    url: z.string().default(''),
    /**
     * Laravel's Redis key prefix (`database.redis.options.prefix`), e.g. `laravel_database_`.
     * Broadcasts arrive on `<keyPrefix><channel>`. @default ""
     */
    keyPrefix: z.string().default(''),
  })
  .loose();

/** The configuration schema, with every default. */
export const configSchema = z.object({
  /** Base URL(s) of the Laravel app that answers auth requests. @default "http://localhost" */
  authHost: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default('http://localhost'),
  /** Path of Laravel's channel authorization route. @default "/broadcasting/auth" */
  authEndpoint: z.string().startsWith('/').default('/broadcasting/auth'),
  /** Apps allowed to use the HTTP API. @default [] */
  clients: z.array(clientSchema).default([]),
  /** Where presence members are stored. Only `redis` is supported. @default "redis" */
  database: z
    .literal('redis', {
      error:
        'only "redis" is supported (presence members must be shared and atomic); set "database": "redis"',
    })
    .default('redis'),
  databaseConfig: z
    .object({
      redis: redisSchema.prefault({}),
      /** Broadcast `presence:joining`/`leaving`. @default true */
      publishPresence: z.boolean().default(true),
    })
    .loose()
    .prefault({}),
  /** Verbose (debug) logging. @default false */
  devMode: z.boolean().default(false),
  /** Interface to listen on; `null` for all. @default null */
  host: z.string().nullable().default(null),
  /** Port to listen on. @default 6001 */
  port: z.coerce.number().int().min(0).max(65535).default(6001),
  /** `http` or `https`. @default "http" */
  protocol: z.enum(['http', 'https']).default('http'),
  /** TLS certificate file (https). @default "" */
  sslCertPath: z.string().default(''),
  /** TLS key file (https). @default "" */
  sslKeyPath: z.string().default(''),
  /** TLS chain file (https). @default "" */
  sslCertChainPath: z.string().default(''),
  /** Passphrase of the TLS key. @default "" */
  sslPassphrase: z.string().default(''),
  /** Extra Socket.IO server options (ours win for security-relevant ones). @default {} */
  socketio: z.record(z.string(), z.unknown()).default({}),
  subscribers: z
    .object({
      /** Accept `POST /apps/:appId/events`. @default true */
      http: z.boolean().default(true),
      /** Relay what Laravel publishes to Redis. @default true */
      redis: z.boolean().default(true),
    })
    .prefault({}),
  apiOriginAllow: z
    .object({
      /** Send CORS headers on the HTTP API. @default false */
      allowCors: z.boolean().default(false),
      /** `Access-Control-Allow-Origin` value. @default "" */
      allowOrigin: z.string().default(''),
      /** `Access-Control-Allow-Methods` value. @default "" */
      allowMethods: z.string().default(''),
      /** `Access-Control-Allow-Headers` value. @default "" */
      allowHeaders: z.string().default(''),
    })
    .prefault({}),
  /**
   * Origins allowed to open a socket (both transports). `null`: the origins of `authHost`
   * plus same-origin pages; `["*"]`: any origin. Requests without an Origin header
   * (non-browser clients) are always allowed. @default null
   */
  allowedOrigins: z.array(z.string().min(1)).nullable().default(null),
  /** Largest message a client may send, in bytes. @default 100000 */
  maxHttpBufferSize: z.coerce.number().int().min(1024).max(10_000_000).default(100_000),
  auth: z
    .object({
      /** Give up on an auth request after this many ms (`subscription_error` 0). @default 10000 */
      timeoutMs: z.coerce.number().int().min(1).default(10_000),
      /** Auth requests in flight at once; more wait their turn. @default 64 */
      maxConcurrent: z.coerce.number().int().min(1).default(64),
      /** Verify the TLS certificate of an https authHost. @default true */
      rejectUnauthorized: z.boolean().default(true),
    })
    .prefault({}),
  whisper: z
    .object({
      /** Largest whisper `data`, in bytes of JSON. @default 10000 */
      maxBytes: z.coerce.number().int().min(1).default(10_000),
      /** Whispers a socket may send per second, sustained. @default 10 */
      perSecond: z.coerce.number().min(0.1).default(10),
      /** Whispers a socket may send in a burst. @default 20 */
      burst: z.coerce.number().int().min(1).default(20),
    })
    .prefault({}),
  presence: z
    .object({
      /** How often a node writes its heartbeat, in ms. @default 5000 */
      heartbeatMs: z.coerce.number().int().min(100).default(5_000),
      /** A node silent this long is dead; its members are removed. @default 30000 */
      nodeTimeoutMs: z.coerce.number().int().min(300).default(30_000),
    })
    .prefault({}),
  cluster: z
    .object({
      /** Run as one server with every other instance on the same Redis and key prefix. @default false */
      enabled: z.boolean().default(false),
    })
    .prefault({}),
  connectionStateRecovery: z
    .object({
      /** Keep rooms and missed events across short disconnections. @default true */
      enabled: z.boolean().default(true),
      /** How long a disconnected session can be recovered, in ms. @default 120000 */
      maxDisconnectionMs: z.coerce.number().int().min(0).default(120_000),
    })
    .prefault({}),
  /** How long a graceful shutdown may take before connections are cut, in ms. @default 10000 */
  shutdownTimeoutMs: z.coerce.number().int().min(0).default(10_000),
});

/** `laravel-echo-server.json` as written by a user: every field optional. */
export type EchoServerConfigInput = z.input<typeof configSchema>;
/** The resolved configuration, with defaults. */
export type EchoServerConfig = z.output<typeof configSchema>;

/** Every default, in one named constant. */
export const DEFAULT_CONFIG: EchoServerConfig = configSchema.parse({});
