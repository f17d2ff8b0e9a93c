import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { redactRedisUrl } from '../../../server/app/redis-client.ts';
import { readSiteEnv, SITE_ENV_DEFAULTS, SiteEnvError } from '../../../server/config/env.ts';
import { createLogger, formatPrettyLine } from '../../../server/config/logger.ts';

describe('the environment of npm start', () => {
  it('has documented defaults', () => {
    const env = readSiteEnv({});
    assert.equal(env.port, SITE_ENV_DEFAULTS.port);
    assert.equal(env.host, '127.0.0.1');
    assert.equal(env.redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(env.redisPrefix, 'laravel_database_');
    assert.equal(env.logFormat, 'json');
    assert.equal(readSiteEnv({}, true).logFormat, 'pretty');
  });

  it('reads every variable', () => {
    const env = readSiteEnv({
      PORT: '8080',
      HOST: '0.0.0.0',
      REDIS_URL: 'redis://redis:6380/2',
      REDIS_PREFIX: 'laravel-database-',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      DIST_DIR: 'build',
      DEMO_REDIS_URL: 'redis://127.0.0.1:6390/0',
    });
    assert.deepEqual(env, {
      port: 8080,
      host: '0.0.0.0',
      redisUrl: 'redis://redis:6380/2',
      redisPrefix: 'laravel-database-',
      logLevel: 'debug',
      logFormat: 'json',
      distDir: 'build',
      demoRedisUrl: 'redis://127.0.0.1:6390/0',
    });
  });

  it('keeps an empty REDIS_PREFIX (Laravel apps with REDIS_PREFIX=) but ignores other blanks', () => {
    const env = readSiteEnv({ REDIS_PREFIX: '', PORT: '' });
    assert.equal(env.redisPrefix, '');
    assert.equal(env.port, 4321);
  });

  it('names the variable that is wrong', () => {
    assert.throws(
      () => readSiteEnv({ PORT: 'eighty' }),
      (error: unknown) => error instanceof SiteEnvError && /PORT/.test(error.message),
    );
    assert.throws(
      () => readSiteEnv({ REDIS_URL: '127.0.0.1:6379' }),
      /REDIS_URL must start with redis:\/\//,
    );
  });
});

describe('logs', () => {
  it('writes one readable line per record in pretty format', () => {
    const line = formatPrettyLine(
      '{"level":40,"time":0,"pid":1,"name":"app","msg":"Could not reach Redis","code":"ECONNREFUSED"}',
    );
    assert.equal(line, '00:00:00 WARN  [app] Could not reach Redis  code=ECONNREFUSED\n');
  });

  it('shows only the message of an error, not its stack', () => {
    const line = formatPrettyLine(
      '{"level":50,"time":0,"msg":"failed","err":{"type":"Error","message":"boom","stack":"Error: boom\\n    at x"}}',
    );
    assert.equal(line, '00:00:00 ERROR failed  err="boom"\n');
  });

  it('sends pino records to the given stream', () => {
    const lines: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    createLogger({ format: 'pretty', output }).info('hello');
    assert.match(lines[0] ?? '', /INFO {2}hello\n$/);
  });

  it('hides passwords in Redis URLs', () => {
    assert.equal(redactRedisUrl('redis://:s3cret@redis:6379/0'), 'redis://:***@redis:6379/0');
    assert.equal(redactRedisUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
  });
});
