/**
 * Environment variables that override configuration options, as laravel-echo-server 1.6.3
 * reads them (PROTOCOL.md section 6) plus ours (`_REDIS_KEY_PREFIX` and the rest at the end).
 */

/** How an environment string becomes an option value. */
export type EnvKind = 'string' | 'number' | 'boolean' | 'list';

/** One environment variable and the option path it sets. */
export interface EnvOption {
  name: string;
  path: string;
  kind: EnvKind;
  /**
   * Whether an empty value counts. laravel-echo-server ignores empty variables; an empty key
   * prefix, though, is a real setting (Laravel with `REDIS_PREFIX=`).
   */
  allowEmpty?: boolean;
}

/** The table of environment variables, in documentation order. */
export const ENV_OPTIONS: readonly EnvOption[] = [
  { name: 'LARAVEL_ECHO_SERVER_AUTH_HOST', path: 'authHost', kind: 'string' },
  { name: 'LARAVEL_ECHO_SERVER_DEBUG', path: 'devMode', kind: 'boolean' },
  { name: 'LARAVEL_ECHO_SERVER_HOST', path: 'host', kind: 'string' },
  { name: 'LARAVEL_ECHO_SERVER_PORT', path: 'port', kind: 'number' },
  { name: 'LARAVEL_ECHO_SERVER_REDIS_HOST', path: 'databaseConfig.redis.host', kind: 'string' },
  { name: 'LARAVEL_ECHO_SERVER_REDIS_PORT', path: 'databaseConfig.redis.port', kind: 'number' },
  {
    name: 'LARAVEL_ECHO_SERVER_REDIS_PASSWORD',
    path: 'databaseConfig.redis.password',
    kind: 'string',
  },
  { name: 'LARAVEL_ECHO_SERVER_PROTO', path: 'protocol', kind: 'string' },
  { name: 'LARAVEL_ECHO_SERVER_SSL_CERT', path: 'sslCertPath', kind: 'string' },
  { name: 'LARAVEL_ECHO_SERVER_SSL_KEY', path: 'sslKeyPath', kind: 'string' },
  { name: 'LARAVEL_ECHO_SERVER_SSL_CHAIN', path: 'sslCertChainPath', kind: 'string' },
  { name: 'LARAVEL_ECHO_SERVER_SSL_PASS', path: 'sslPassphrase', kind: 'string' },
  {
    name: 'LARAVEL_ECHO_SERVER_REDIS_KEY_PREFIX',
    path: 'databaseConfig.redis.keyPrefix',
    kind: 'string',
    allowEmpty: true,
  },
  { name: 'LARAVEL_ECHO_SERVER_REDIS_URL', path: 'databaseConfig.redis.url', kind: 'string' },
  { name: 'LARAVEL_ECHO_SERVER_REDIS_DB', path: 'databaseConfig.redis.db', kind: 'number' },
  { name: 'LARAVEL_ECHO_SERVER_ALLOWED_ORIGINS', path: 'allowedOrigins', kind: 'list' },
  { name: 'LARAVEL_ECHO_SERVER_CLUSTER', path: 'cluster.enabled', kind: 'boolean' },
];

/**
 * Converts an environment string for `kind`. Invalid booleans/numbers are passed through as
 * strings so the schema reports them with the option's name.
 */
export function envValue(raw: string, kind: EnvKind): unknown {
  switch (kind) {
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
      return raw;
    }
    case 'number':
      return raw.trim() === '' || Number.isNaN(Number(raw)) ? raw : Number(raw);
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    default:
      return raw;
  }
}
