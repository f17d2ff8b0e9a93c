/**
 * Details of PROTOCOL.md section 2 and 6: the handshake Cookie forwarded when auth.headers
 * has none, Echo's `auth` option arriving in the handshake, `env` overrides of the factory,
 * and the CLI serving https.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import { bearerUserRule, startAuthEndpoint } from '../../helpers/auth-endpoint.ts';
import { probe, startCli, writeCliConfig } from '../../helpers/echo-cli.ts';
import { startEchoServer } from '../../helpers/echo-server.ts';
import { createTestRedis, deletePrefix, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { nextEvent, waitFor } from '../../helpers/wait.ts';
import { createEchoServer } from '../../../server/echo/create-echo-server.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/echo');
const redis = createTestRedis();
const cleanups: (() => Promise<unknown> | void)[] = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  redis.disconnect();
});

describe('handshake, environment and TLS', () => {
  test('the handshake Cookie is forwarded when auth.headers has none; handshake auth headers are used', async () => {
    const auth = await startAuthEndpoint((channel, headers) =>
      headers.cookie === 'laravel_session=abc' || headers.authorization === 'Bearer user-1'
        ? { status: 200, body: true }
        : bearerUserRule(channel, headers),
    );
    const server = await startEchoServer({ config: { authHost: auth.url } });
    cleanups.push(
      () => auth.close(),
      () => server.close(),
      () => deletePrefix(redis, server.prefix),
    );
    const withCookie = io(server.url, {
      extraHeaders: { Cookie: 'laravel_session=abc' },
      transports: ['websocket'],
      forceNew: true,
    });
    const withAuth = io(server.url, {
      auth: { headers: { Authorization: 'Bearer user-1' } },
      forceNew: true,
    });
    cleanups.push(
      () => void withCookie.disconnect(),
      () => void withAuth.disconnect(),
    );
    await Promise.all([nextEvent(withCookie, 'connect'), nextEvent(withAuth, 'connect')]);
    withCookie.emit('subscribe', { channel: 'private-a', auth: { headers: {} } });
    withAuth.emit('subscribe', { channel: 'private-b', auth: { headers: {} } });
    const rooms = server.echo.io.of('/').adapter.rooms;
    await waitFor(() => rooms.has('#private-a') && rooms.has('#private-b'), 'both joins');
    const forCookie = auth.requests.find((r) => r.channel === 'private-a');
    assert.equal(forCookie?.headers.cookie, 'laravel_session=abc');
  });

  test('the Socket.IO client script is served, as laravel-echo-server did', async () => {
    const server = await startEchoServer();
    cleanups.push(
      () => server.close(),
      () => deletePrefix(redis, server.prefix),
    );
    const res = await fetch(`${server.url}/socket.io/socket.io.js`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Socket\.IO v4/);
  });

  test('the factory applies LARAVEL_ECHO_SERVER_* from options.env only', async () => {
    const httpServer = http.createServer();
    const echo = await createEchoServer({
      httpServer,
      config: { databaseConfig: { redis: { url: REDIS_URL } } },
      env: {
        LARAVEL_ECHO_SERVER_REDIS_KEY_PREFIX: 'from_env_',
        LARAVEL_ECHO_SERVER_AUTH_HOST: 'http://app.test',
      },
    });
    cleanups.push(() => echo.close());
    assert.equal(echo.config.databaseConfig.redis.keyPrefix, 'from_env_');
    assert.equal(echo.config.authHost, 'http://app.test');
    assert.equal(echo.keys.broadcastPattern, 'from_env_*');
  });

  test('the CLI serves https with the configured certificate', async () => {
    const prefix = randomPrefix();
    const cli = await writeCliConfig({
      protocol: 'https',
      sslCertPath: `${FIXTURES}/self-signed.crt`,
      sslKeyPath: `${FIXTURES}/self-signed.key`,
      databaseConfig: { redis: { url: REDIS_URL, keyPrefix: prefix } },
    });
    cleanups.push(
      () => cli.remove(),
      () => deletePrefix(redis, prefix),
    );
    const proc = await startCli(cli);
    cleanups.push(() => proc.stop());
    assert.ok(proc.url.startsWith('https://'));
    const socket = io(proc.url, {
      ca: readFileSync(`${FIXTURES}/self-signed.crt`, 'utf8'),
      transports: ['websocket'],
      forceNew: true,
    });
    cleanups.push(() => void socket.disconnect());
    await nextEvent(socket, 'connect');
    await waitFor(
      async () => (await probe(`${proc.url}/health`)) === 200,
      'a healthy https server',
    );
  });
});
