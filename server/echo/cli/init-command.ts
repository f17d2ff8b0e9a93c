/**
 * `echo-server init`: writes a `laravel-echo-server.json`, asking questions on a terminal or
 * taking everything from flags (`--yes` accepts the defaults).
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { DEFAULT_CONFIG } from '../config/config-schema.ts';
import { parseConfig } from '../config/load-config.ts';
import { newAppId, newKey, writeRawConfig, type RawConfig } from './config-file.ts';

/** Flags `init` understands. */
export interface InitFlags {
  force?: boolean | undefined;
  yes?: boolean | undefined;
  dev?: boolean | undefined;
  'auth-host'?: string | undefined;
  port?: string | undefined;
  'key-prefix'?: string | undefined;
  'redis-host'?: string | undefined;
  'redis-port'?: string | undefined;
  protocol?: string | undefined;
  'add-client'?: boolean | undefined;
}

/** Writes the config file; returns the exit code. */
export async function initCommand(
  file: string,
  flags: InitFlags,
  out: (text: string) => void,
): Promise<number> {
  if (existsSync(file) && flags.force !== true) {
    out(`${file} already exists. Use --force to overwrite it.`);
    return 1;
  }
  const interactive = flags.yes !== true && process.stdin.isTTY;
  const rl = interactive
    ? createInterface({ input: process.stdin, output: process.stdout })
    : undefined;
  const ask = async (
    question: string,
    flag: string | undefined,
    fallback: string,
  ): Promise<string> => {
    if (flag !== undefined) return flag;
    if (!rl) return fallback;
    const answer = (await rl.question(`${question} [${fallback}] `)).trim();
    return answer === '' ? fallback : answer;
  };
  try {
    const authHost = await ask(
      'Laravel app URL (authHost)?',
      flags['auth-host'],
      'http://localhost',
    );
    const port = await ask('Port to listen on?', flags.port, String(DEFAULT_CONFIG.port));
    const protocol = await ask('Protocol (http or https)?', flags.protocol, 'http');
    const redisHost = await ask('Redis host?', flags['redis-host'], '127.0.0.1');
    const redisPort = await ask('Redis port?', flags['redis-port'], '6379');
    const keyPrefix = await ask(
      "Laravel's Redis key prefix (REDIS_PREFIX; laravel_database_ on Laravel 5.8-11)?",
      flags['key-prefix'],
      'laravel_database_',
    );
    const addClient =
      flags['add-client'] ??
      (rl ? /^y/i.test(await ask('Add an HTTP API client?', undefined, 'no')) : false);
    const config: RawConfig = {
      authHost,
      authEndpoint: DEFAULT_CONFIG.authEndpoint,
      clients: addClient ? [{ appId: newAppId(), key: newKey() }] : [],
      database: 'redis',
      databaseConfig: { redis: { host: redisHost, port: Number(redisPort), keyPrefix } },
      devMode: flags.dev === true,
      host: null,
      port: Number(port),
      protocol,
      sslCertPath: '',
      sslKeyPath: '',
      sslCertChainPath: '',
      sslPassphrase: '',
      subscribers: { http: true, redis: true },
      apiOriginAllow: { allowCors: false, allowOrigin: '', allowMethods: '', allowHeaders: '' },
    };
    parseConfig(config, file);
    writeRawConfig(file, config);
    out(`Wrote ${file}.`);
    return 0;
  } finally {
    rl?.close();
  }
}
