/**
 * Masks the secrets of an echo server configuration before it leaves the process: passwords,
 * passphrases, client keys and the password inside a `redis://` URL. Everything else is shown
 * as the server runs with it, so a reader can compare it with their own `laravel-echo-server.json`.
 */

/** What a secret that is set is replaced with. An empty secret stays empty (nothing to hide). */
export const MASK = '********';

/** Property names whose values are secrets, wherever they appear. */
const SECRET_NAMES = /^(key|password|pass|passphrase|sslpassphrase|secret|token|auth_key)$/i;
/** Property names that contain a secret word (e.g. `redisPassword`). */
const SECRET_WORDS = /(password|passphrase|secret)/i;

/** Whether a property called `name` holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAMES.test(name) || SECRET_WORDS.test(name);
}

/** A `redis://user:pass@host` URL with the password masked; other text unchanged. */
export function maskUrlPassword(value: string): string {
  return value.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^:@/]*):([^@/]*)@/i,
    (whole, scheme: string, user: string, pass: string) =>
      pass === '' ? whole : `${scheme}${user}:${MASK}@`,
  );
}

/** The result of {@link maskConfig}: the masked copy and the paths that were masked. */
export interface MaskedConfig {
  readonly config: unknown;
  /** Dotted paths (`clients.0.key`) whose value was replaced. */
  readonly masked: readonly string[];
}

/** A deep copy of `config` (plain JSON values) with every secret replaced by {@link MASK}. */
export function maskConfig(config: unknown): MaskedConfig {
  const masked: string[] = [];
  const walk = (value: unknown, path: string, name: string): unknown => {
    if (Array.isArray(value))
      return value.map((item, index) => walk(item, join(path, String(index)), String(index)));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, join(path, key), key)]),
      );
    }
    if (typeof value === 'string' && value !== '') {
      if (isSecretName(name)) {
        masked.push(path);
        return MASK;
      }
      const url = maskUrlPassword(value);
      if (url !== value) masked.push(path);
      return url;
    }
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
      return String(value);
    return value;
  };
  return { config: walk(config, '', ''), masked };
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
