/**
 * Turns the running configuration (as `/demos/echo-config/config` answers it) into the rows
 * of the key-by-key table: one row per leaf, dotted path, the value and the default as JSON.
 * Arrays and free-form option bags (`socketio`) stay whole: they are one key in the file.
 */

/** One row of the table. */
export interface ConfigRow {
  /** Dotted path, e.g. `databaseConfig.redis.keyPrefix`. */
  readonly path: string;
  /** The running value, as JSON text. */
  readonly value: string;
  /** The default, as JSON text (`undefined` when the schema has none). */
  readonly defaultValue: string | undefined;
  /** Whether the running value differs from the default. */
  readonly changed: boolean;
  /** Whether the value was masked by the server. */
  readonly masked: boolean;
}

/** Keys whose value is one option bag, not a group of documented keys. */
const WHOLE_KEYS = new Set(['socketio']);

function isGroup(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (isGroup(value) && !WHOLE_KEYS.has(path)) {
    for (const [key, item] of Object.entries(value))
      leaves(item, path === '' ? key : `${path}.${key}`, out);
    return;
  }
  out.set(path, value);
}

/** The rows for `config`, compared with `defaults`; `masked` lists masked paths. */
export function configRows(
  config: unknown,
  defaults: unknown,
  masked: readonly string[],
): ConfigRow[] {
  const running = new Map<string, unknown>();
  const base = new Map<string, unknown>();
  leaves(config, '', running);
  leaves(defaults, '', base);
  return [...running].map(([path, value]) => {
    const text = JSON.stringify(value) ?? 'null';
    const fallback = base.has(path) ? (JSON.stringify(base.get(path)) ?? 'null') : undefined;
    return {
      path,
      value: text,
      defaultValue: fallback,
      changed: fallback !== text,
      masked: masked.some((m) => m === path || m.startsWith(`${path}.`)),
    };
  });
}
