/**
 * The environment the one-process backend reads: one schema, the defaults in one constant,
 * and one table from variable to option. `server/main.ts` passes `process.env` here; nothing
 * else in the process reads the environment.
 */
import { z } from 'zod';

/** Options of the one-process backend, after parsing the environment. */
export interface SiteEnv {
  /** TCP port to listen on. @default 4321 */
  readonly port: number;
  /** Interface to bind; `0.0.0.0` serves a classroom LAN. @default "127.0.0.1" */
  readonly host: string;
  /** Redis for broadcasting, sessions-free (they live in memory). @default "redis://127.0.0.1:6379" */
  readonly redisUrl: string;
  /** Laravel's `database.redis.options.prefix`, added to every broadcast channel. @default "laravel_database_" */
  readonly redisPrefix: string;
  /** pino level. @default "info" */
  readonly logLevel: string;
  /** `pretty` for one readable line per log record, `json` for pino's records. @default "pretty" on a TTY */
  readonly logFormat: 'pretty' | 'json';
  /** Folder of the built site. @default "dist" */
  readonly distDir: string;
  /**
   * Redis for the chapter 2 demos (console, pub/sub, cache), kept apart from broadcasting.
   * @default the broadcasting Redis, database 1
   */
  readonly demoRedisUrl: string | undefined;
}

/** Defaults of every option, in one place. */
export const SITE_ENV_DEFAULTS = {
  port: 4321,
  host: '127.0.0.1',
  redisUrl: 'redis://127.0.0.1:6379',
  redisPrefix: 'laravel_database_',
  logLevel: 'info',
  distDir: 'dist',
} as const;

/** Which environment variable sets which option. */
export const SITE_ENV_VARIABLES = {
  PORT: 'port',
  HOST: 'host',
  REDIS_URL: 'redisUrl',
  REDIS_PREFIX: 'redisPrefix',
  LOG_LEVEL: 'logLevel',
  LOG_FORMAT: 'logFormat',
  DIST_DIR: 'distDir',
  DEMO_REDIS_URL: 'demoRedisUrl',
} as const satisfies Record<string, keyof SiteEnv>;

const schema = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0, 'PORT must be 0..65535')
    .max(65535, 'PORT must be 0..65535')
    .default(SITE_ENV_DEFAULTS.port),
  HOST: z.string().min(1).default(SITE_ENV_DEFAULTS.host),
  REDIS_URL: z
    .string()
    .refine(
      (value) => /^rediss?:\/\//.test(value),
      'REDIS_URL must start with redis:// or rediss://',
    )
    .default(SITE_ENV_DEFAULTS.redisUrl),
  // An empty REDIS_PREFIX is meaningful (Laravel apps with `REDIS_PREFIX=`), so no min length.
  REDIS_PREFIX: z.string().default(SITE_ENV_DEFAULTS.redisPrefix),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default(SITE_ENV_DEFAULTS.logLevel),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  DIST_DIR: z.string().min(1).default(SITE_ENV_DEFAULTS.distDir),
  DEMO_REDIS_URL: z
    .string()
    .refine(
      (value) => /^rediss?:\/\//.test(value),
      'DEMO_REDIS_URL must start with redis:// or rediss://',
    )
    .optional(),
});

/** A configuration problem, worded for the person starting the server. */
export class SiteEnvError extends Error {
  override readonly name = 'SiteEnvError';
}

/**
 * Parses the process environment into {@link SiteEnv}.
 * @throws SiteEnvError naming the variable and what it must be.
 */
export function readSiteEnv(
  env: Readonly<Record<string, string | undefined>>,
  isTty = false,
): SiteEnv {
  // Blank values count as unset, except REDIS_PREFIX where "" means "no prefix".
  const input: Record<string, string> = {};
  for (const name of Object.keys(SITE_ENV_VARIABLES)) {
    const value = env[name];
    if (value === undefined) continue;
    if (value.trim() === '' && name !== 'REDIS_PREFIX') continue;
    input[name] = value.trim();
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new SiteEnvError(`Invalid environment: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    host: value.HOST,
    redisUrl: value.REDIS_URL,
    redisPrefix: value.REDIS_PREFIX,
    logLevel: value.LOG_LEVEL,
    logFormat: value.LOG_FORMAT ?? (isTty ? 'pretty' : 'json'),
    distDir: value.DIST_DIR,
    demoRedisUrl: value.DEMO_REDIS_URL,
  };
}
