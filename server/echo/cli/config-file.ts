/**
 * Reading and writing `laravel-echo-server.json` for `init` and `client:*`, and the key
 * formats of laravel-echo-server's `client:add` (8-byte hex app id, 16-byte hex key).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../config/load-config.ts';

/** A config file's raw JSON object. */
export type RawConfig = Record<string, unknown>;

/** Reads a config file's JSON object; a missing file is an error naming the fix. */
export function readRawConfig(file: string): RawConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `Config file ${file} not found. Create it with "echo-server init" or pass --config.`,
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as RawConfig;
  } catch {
    // Reported below.
  }
  throw new ConfigError(
    `${file} is not a JSON object. Fix it or recreate it with "echo-server init --force".`,
  );
}

/** Writes a config file, pretty-printed. */
export function writeRawConfig(file: string, config: RawConfig): void {
  writeFileSync(file, `${JSON.stringify(config, null, '\t')}\n`);
}

/** A new app id: 8 random bytes, hex. */
export function newAppId(): string {
  return randomBytes(8).toString('hex');
}

/** A new key: 16 random bytes, hex. */
export function newKey(): string {
  return randomBytes(16).toString('hex');
}
