/**
 * Sessions and bearer tokens outlive the process: a second app on the same Redis and key
 * prefix (as after a restart) knows the visitor, their CSRF token and their tokens.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { createApp, type App } from '../../../server/app/create-app.ts';
import { sessionKeys } from '../../../server/app/session-persistence.ts';
import { createTestRedis, randomPrefix } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';
import { SiteClient } from '../main/site-client.ts';

const prefix = randomPrefix();
let redis: Redis;
const servers: Server[] = [];

async function startApp(): Promise<{ app: App; base: string }> {
  const app = createApp({ redis, keyPrefix: prefix, logger: pino({ level: 'silent' }) });
  const server = createServer((req, res) => {
    void app.handleRequest(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    app,
    base: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`,
  };
}

before(async () => {
  redis = createTestRedis();
  await waitFor(() => redis.status === 'ready', 'Redis');
});

after(async () => {
  for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('sessions survive a restart', { timeout: 30_000 }, () => {
  it('keeps a logged-in visitor logged in, CSRF token and all', async () => {
    const first = await startApp();
    const visitor = new SiteClient(first.base);
    await visitor.login(2);
    const cookie = visitor.cookieHeader();
    const id = /echo_lab_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    await waitFor(
      async () => (await redis.exists(sessionKeys(prefix).session(id))) === 1,
      'the Redis copy',
    );
    const second = await startApp();
    assert.equal(second.app.sessions.get(id), undefined, 'the new process has nothing in memory');
    // The browser's cookie and token, sent to the new process.
    const again = await new SiteClient(second.base).request(
      'POST',
      '/broadcasting/auth',
      'channel_name=private-order.3',
      {
        'x-csrf-token': visitor.csrfToken,
        cookie,
      },
    );
    assert.equal(again.status, 200);
    assert.equal(again.text, 'true');
  });

  it('forgets a session at logout, in Redis too', async () => {
    const { base } = await startApp();
    const visitor = new SiteClient(base);
    await visitor.login(1);
    const id = /echo_lab_session=([^;]+)/.exec(visitor.cookieHeader())?.[1] ?? '';
    await waitFor(
      async () => (await redis.exists(sessionKeys(prefix).session(id))) === 1,
      'the Redis copy',
    );
    await visitor.post('/app/logout');
    await waitFor(
      async () => (await redis.exists(sessionKeys(prefix).session(id))) === 0,
      'the copy removed',
    );
  });

  it('keeps bearer tokens working', async () => {
    const first = await startApp();
    const page = new SiteClient(first.base);
    await page.me();
    const { token } = (await page.post('/app/tokens', { userId: 3 })).json() as { token: string };
    await waitFor(
      async () => (await redis.exists(sessionKeys(prefix).token(token))) === 1,
      'the token copy',
    );
    const second = await startApp();
    const answer = await new SiteClient(second.base).request(
      'POST',
      '/broadcasting/auth',
      'channel_name=private-order.4',
      {
        authorization: `Bearer ${token}`,
      },
    );
    assert.equal(answer.text, 'true');
  });

  it('ignores a Redis copy that is not a session', async () => {
    const { base } = await startApp();
    await redis.set(
      sessionKeys(prefix).session('forged-session-id-000000000000000000000'),
      '{"id":"other","user":{"id":1}}',
      'EX',
      60,
    );
    const answer = await new SiteClient(base).request(
      'POST',
      '/broadcasting/auth',
      'channel_name=private-order.1',
      {
        cookie: 'echo_lab_session=forged-session-id-000000000000000000000',
        'x-csrf-token': 'x',
      },
    );
    assert.equal(answer.status, 419);
  });
});
