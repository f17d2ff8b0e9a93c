/**
 * Redis down at start: the site says so in words, keeps serving pages, reports `degraded` on
 * /health, and recovers by itself when a redis-server comes up on that port (spawned here,
 * killed by PID at the end).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../../server/config/logger.ts';
import { createSite, type Site } from '../../../server/main.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { randomPrefix } from '../../helpers/redis.ts';
import { freePort } from '../../helpers/redis-server.ts';
import { waitFor } from '../../helpers/wait.ts';
import { SiteClient } from './site-client.ts';
import { createDistFixture, type DistFixture } from './site-fixture.ts';

let site: Site;
let dist: DistFixture;
let redisPort: number;
let redisServer: ChildProcess | undefined;
let reader: TestClient | undefined;
const logLines: string[] = [];

interface HealthBody {
  status: string;
  checks: Record<string, { status: string; reason?: string }>;
}

before(async () => {
  dist = await createDistFixture();
  redisPort = await freePort();
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  site = await createSite({
    port: 0,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    keyPrefix: randomPrefix(),
    distDir: dist.dir,
    logger: createLogger({ level: 'info', format: 'pretty', output }),
  });
});

after(async () => {
  reader?.close();
  await site.close();
  if (redisServer !== undefined && redisServer.exitCode === null) {
    const exited = new Promise((resolve) => redisServer?.once('exit', resolve));
    redisServer.kill('SIGKILL');
    await exited;
  }
  await dist.remove();
});

describe('when Redis is not running', { timeout: 60_000 }, () => {
  it('says which URL failed and what to run', async () => {
    const line = await waitFor(
      () => logLines.find((text) => text.includes('Could not reach Redis')),
      'the warning',
    );
    assert.match(line, new RegExp(`redis://127\\.0\\.0\\.1:${redisPort}`));
    assert.match(line, /Start Redis \(redis-server\) or set REDIS_URL/);
  });

  it('still serves the pages', async () => {
    const response = await fetch(`${site.url}/`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /即時廣播/);
  });

  it('reports redis and echo degraded on /health, with the reason', async () => {
    const response = await fetch(`${site.url}/health`);
    assert.equal(response.status, 200, 'a page polling /health must not log a failed request');
    const body = (await response.json()) as HealthBody;
    assert.equal(body.status, 'degraded');
    assert.equal(body.checks['site']?.status, 'ok');
    assert.equal(body.checks['redis']?.status, 'degraded');
    assert.match(body.checks['redis']?.reason ?? '', new RegExp(`127\\.0\\.0\\.1:${redisPort}`));
    assert.equal(body.checks['echo']?.status, 'degraded');
    assert.equal((await fetch(`${site.url}/health?strict=1`)).status, 503);
  });

  it('refuses a broadcast with 503 and a reason, and keeps logins working', async () => {
    const visitor = new SiteClient(site.url);
    assert.equal((await visitor.login(1)).status, 200);
    const answer = await visitor.post('/app/broadcast', {
      channel: 'news',
      event: 'NewsPosted',
      data: {},
    });
    assert.equal(answer.status, 503);
    assert.match(answer.text, /Redis is offline/);
  });
});

describe('when Redis comes up', { timeout: 60_000 }, () => {
  it('turns healthy without a restart and delivers broadcasts again', async () => {
    reader = await connectClient('echo2+sio4', site.url, {
      options: { transports: ['websocket'] },
    });
    const received = new Promise<unknown>((resolve) =>
      reader?.echo.channel('news').listen('.NewsPosted', resolve),
    );
    redisServer = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(
      async () => ((await site.health()).status === 'ok' ? true : undefined),
      'the site to turn healthy',
      20_000,
    );
    const body = (await (await fetch(`${site.url}/health`)).json()) as HealthBody;
    assert.equal(body.status, 'ok');
    assert.ok(logLines.some((text) => text.includes('Redis is reachable again')));
    // Echo's health is ok only once its PSUBSCRIBE is back, so the broadcast cannot be lost.
    const visitor = new SiteClient(site.url);
    await visitor.me();
    const answer = await visitor.post('/app/broadcast', {
      channel: 'news',
      event: 'NewsPosted',
      data: { back: true },
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(await received, { back: true, socket: null });
  });
});
