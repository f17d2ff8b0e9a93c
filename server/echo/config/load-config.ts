/**
 * Resolves the configuration: defaults, then `laravel-echo-server.json`, then `.env` in the
 * working directory, then the process environment (later wins), as laravel-echo-server does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { configSchema, type EchoServerConfig } from './config-schema.ts';
import { ENV_OPTIONS, envValue } from './env-options.ts';

/** A configuration problem, with a message that names the option and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses a `.env` file's text: `KEY=value`, `#` comments, optional quotes, `export `. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const key = m[1] ?? '';
    let value = m[2] ?? '';
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? '';
    else value = value.replace(/\s+#.*$/, '');
    out[key] = value;
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? ''] = value;
}

/** Applies the `LARAVEL_ECHO_SERVER_*` variables of `env` onto a raw config object. */
export function applyEnv(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Record<string, unknown> {
  const copy = structuredClone(raw);
  for (const option of ENV_OPTIONS) {
    const value = env[option.name];
    if (value === undefined || (value === '' && option.allowEmpty !== true)) continue;
    setPath(copy, option.path, envValue(value, option.kind));
  }
  return copy;
}

/** Validates a raw config object; throws a ConfigError naming every bad option. */
export function parseConfig(raw: unknown, source = 'the configuration'): EchoServerConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.join('.') || '(root)';
    const env = ENV_OPTIONS.filter((o) => o.path === path).map((o) => o.name);
    const hint = env.length > 0 ? ` (or the environment variable ${env.join(', ')})` : '';
    return `  - option "${path}": ${issue.message}. Fix it in ${source}${hint}.`;
  });
  return raiseConfig(`Invalid configuration in ${source}:\n${lines.join('\n')}`);
}

function raiseConfig(message: string): never {
  throw new ConfigError(message);
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Path of `laravel-echo-server.json`; resolved against `dir`. */
  configPath?: string;
  /** Working directory: where the config and `.env` are looked up. @default process.cwd() */
  dir?: string;
  /** The environment. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Require the config file to exist (true when the user named it). @default false */
  required?: boolean;
}

/** Loads and validates the configuration for the CLI. */
export function loadConfig(options: LoadConfigOptions = {}): {
  config: EchoServerConfig;
  file: string | undefined;
} {
  const dir = options.dir ?? process.cwd();
  const file = resolve(dir, options.configPath ?? 'laravel-echo-server.json');
  let raw: Record<string, unknown> = {};
  let found: string | undefined;
  try {
    const text = readFileSync(file, 'utf8');
    found = file;
    const parsed: unknown = JSON.parse(text);
    const obj = z.record(z.string(), z.unknown()).safeParse(parsed);
    if (!obj.success) raiseConfig(`${file} must contain a JSON object.`);
    raw = obj.data;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (options.required === true) {
        raiseConfig(
          `Config file ${file} not found. Create one with "echo-server init", or pass --config with the right path.`,
        );
      }
    } else if (error instanceof SyntaxError) {
      raiseConfig(
        `${file} is not valid JSON (${error.message}). Fix the file or recreate it with "echo-server init".`,
      );
    } else {
      raiseConfig(`Could not read ${file} (${code ?? String(error)}).`);
    }
  }
  let dotenv: Record<string, string> = {};
  try {
    dotenv = parseDotEnv(readFileSync(resolve(dir, '.env'), 'utf8'));
  } catch {
    // No .env is the normal case.
  }
  const env = { ...dotenv, ...(options.env ?? process.env) };
  const config = parseConfig(applyEnv(raw, env), found ?? 'the environment');
  return { config, file: found };
}
