import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/echo/config/config-schema.ts';
import {
  ConfigError,
  loadConfig,
  parseConfig,
  parseDotEnv,
} from '../../../server/echo/config/load-config.ts';

const dirs: string[] = [];
function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'echo-config-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('configuration', () => {
  test("defaults are laravel-echo-server's", () => {
    assert.equal(DEFAULT_CONFIG.authHost, 'http://localhost');
    assert.equal(DEFAULT_CONFIG.authEndpoint, '/broadcasting/auth');
    assert.equal(DEFAULT_CONFIG.port, 6001);
    assert.equal(DEFAULT_CONFIG.protocol, 'http');
    assert.equal(DEFAULT_CONFIG.host, null);
    assert.deepEqual(DEFAULT_CONFIG.clients, []);
    assert.deepEqual(DEFAULT_CONFIG.subscribers, { http: true, redis: true });
    assert.equal(DEFAULT_CONFIG.databaseConfig.redis.keyPrefix, '');
  });

  test('an existing laravel-echo-server.json is read unchanged, unknown ioredis options kept', () => {
    const d = dir({
      'laravel-echo-server.json': JSON.stringify({
        authHost: ['http://app.test', 'https://app.test'],
        clients: [{ appId: 'abc', key: 'def' }],
        database: 'redis',
        databaseConfig: {
          redis: { port: '6380', keyPrefix: 'laravel_database_', family: 4 },
          sqlite: { databasePath: '/database/x.sqlite' },
          publishPresence: true,
        },
        devMode: true,
        port: '6002',
        protocol: 'http',
        socketio: { pingInterval: 10000 },
        apiOriginAllow: {
          allowCors: true,
          allowOrigin: 'http://app.test',
          allowMethods: 'GET, POST',
          allowHeaders: 'Origin',
        },
      }),
    });
    const { config } = loadConfig({ dir: d, env: {} });
    assert.deepEqual(config.authHost, ['http://app.test', 'https://app.test']);
    assert.equal(config.port, 6002);
    assert.equal(config.databaseConfig.redis.port, 6380);
    assert.equal(config.databaseConfig.redis.keyPrefix, 'laravel_database_');
    assert.equal(config.databaseConfig.redis.family, 4);
    assert.equal(config.apiOriginAllow.allowCors, true);
    assert.deepEqual(config.socketio, { pingInterval: 10000 });
  });

  test('LARAVEL_ECHO_SERVER_* variables win over the file, and .env fills in, process env winning', () => {
    const d = dir({
      'laravel-echo-server.json': JSON.stringify({ port: 7000, authHost: 'http://file' }),
      '.env':
        '# comment\nLARAVEL_ECHO_SERVER_AUTH_HOST="http://dotenv"\nexport LARAVEL_ECHO_SERVER_REDIS_KEY_PREFIX=laravel-database-\nLARAVEL_ECHO_SERVER_PORT=7001\n',
    });
    const { config } = loadConfig({
      dir: d,
      env: {
        LARAVEL_ECHO_SERVER_PORT: '7002',
        LARAVEL_ECHO_SERVER_DEBUG: 'true',
        LARAVEL_ECHO_SERVER_REDIS_HOST: 'redis',
        LARAVEL_ECHO_SERVER_REDIS_PORT: '6390',
        LARAVEL_ECHO_SERVER_REDIS_PASSWORD: 'pw',
        LARAVEL_ECHO_SERVER_PROTO: 'https',
        LARAVEL_ECHO_SERVER_SSL_CERT: '/c',
        LARAVEL_ECHO_SERVER_SSL_KEY: '/k',
        LARAVEL_ECHO_SERVER_SSL_CHAIN: '/ch',
        LARAVEL_ECHO_SERVER_SSL_PASS: 'pp',
        LARAVEL_ECHO_SERVER_HOST: '0.0.0.0',
        LARAVEL_ECHO_SERVER_ALLOWED_ORIGINS: 'https://a.test, https://b.test',
      },
    });
    assert.equal(config.authHost, 'http://dotenv');
    assert.equal(config.databaseConfig.redis.keyPrefix, 'laravel-database-');
    assert.equal(config.port, 7002);
    assert.equal(config.devMode, true);
    assert.equal(config.databaseConfig.redis.host, 'redis');
    assert.equal(config.databaseConfig.redis.port, 6390);
    assert.equal(config.databaseConfig.redis.password, 'pw');
    assert.equal(config.protocol, 'https');
    assert.deepEqual(
      [config.sslCertPath, config.sslKeyPath, config.sslCertChainPath, config.sslPassphrase],
      ['/c', '/k', '/ch', 'pp'],
    );
    assert.equal(config.host, '0.0.0.0');
    assert.deepEqual(config.allowedOrigins, ['https://a.test', 'https://b.test']);
  });

  test('empty variables are ignored, as laravel-echo-server does, except the key prefix', () => {
    const { config } = loadConfig({
      dir: dir({ 'laravel-echo-server.json': '{"port": 7100, "authHost": "http://file"}' }),
      env: { LARAVEL_ECHO_SERVER_PORT: '', LARAVEL_ECHO_SERVER_AUTH_HOST: '' },
    });
    assert.equal(config.port, 7100);
    assert.equal(config.authHost, 'http://file');
  });

  test('an empty REDIS_KEY_PREFIX variable sets an empty prefix', () => {
    const { config } = loadConfig({
      dir: dir({ 'laravel-echo-server.json': '{"databaseConfig":{"redis":{"keyPrefix":"x_"}}}' }),
      env: { LARAVEL_ECHO_SERVER_REDIS_KEY_PREFIX: '' },
    });
    assert.equal(config.databaseConfig.redis.keyPrefix, '');
  });

  test('bad options fail with a message naming the option and the fix', () => {
    assert.throws(
      () => parseConfig({ port: 'abc' }, 'x.json'),
      (e: unknown) =>
        e instanceof ConfigError &&
        /option "port"/.test(e.message) &&
        /LARAVEL_ECHO_SERVER_PORT/.test(e.message) &&
        /x\.json/.test(e.message),
    );
    assert.throws(() => parseConfig({ protocol: 'ftp' }), /option "protocol"/);
    assert.throws(() => parseConfig({ database: 'sqlite' }), /option "database"/);
    assert.throws(
      () => parseConfig({ authEndpoint: 'broadcasting/auth' }),
      /option "authEndpoint"/,
    );
    assert.throws(() => parseConfig({ clients: [{ appId: 'a' }] }), /option "clients\.0\.key"/);
    assert.throws(
      () => loadConfig({ dir: dir({ 'laravel-echo-server.json': '{oops' }), env: {} }),
      /not valid JSON.*echo-server init/s,
    );
    assert.throws(
      () => loadConfig({ dir: dir({}), configPath: 'missing.json', required: true, env: {} }),
      /not found.*echo-server init/s,
    );
    assert.throws(
      () => loadConfig({ dir: dir({}), env: { LARAVEL_ECHO_SERVER_DEBUG: 'maybe' } }),
      /option "devMode"/,
    );
  });

  test('no config file is fine when none was named: defaults apply', () => {
    const { config, file } = loadConfig({ dir: dir({}), env: {} });
    assert.equal(file, undefined);
    assert.equal(config.port, 6001);
  });

  test('.env parsing: quotes, comments, export', () => {
    assert.deepEqual(
      parseDotEnv('A=1\n B = "two words" \nexport C=\'x\'\nD=v # note\n#E=no\nbad line'),
      { A: '1', B: 'two words', C: 'x', D: 'v' },
    );
  });
});
