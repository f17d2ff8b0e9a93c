/**
 * The `auth-log` demo service on the whole backend (port 0, random Redis key prefix): a real
 * laravel-echo 2.x client logged in through the app subscribes to private order channels, and
 * its auth-log stream tells the request and the app's answer, for a join and for a refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Site } from '../../../server/main.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { REDIS_URL } from '../../helpers/redis.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { SiteClient } from '../main/site-client.ts';

let site: Site;
let demoSite: DemoSite;
const clients: TestClient[] = [];
const streams: AbortController[] = [];

async function echoAs(visitor: SiteClient): Promise<TestClient> {
  const client = await connectClient('echo2+sio4', site.url, {
    headers: { 'X-CSRF-TOKEN': visitor.csrfToken },
    options: { transports: ['websocket'], extraHeaders: { Cookie: visitor.cookieHeader() } },
  });
  clients.push(client);
  return client;
}

/** Opens the socket's auth-log stream; `next()` resolves with the next `auth` record. */
async function authLog(
  visitor: SiteClient,
  socketId: string,
): Promise<{ next(): Promise<Record<string, unknown>> }> {
  const controller = new AbortController();
  streams.push(controller);
  const response = await fetch(`${site.url}/demos/auth-log/stream?socket=${socketId}`, {
    headers: { cookie: visitor.cookieHeader() },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  assert.ok(reader);
  let buffer = '';
  return {
    async next() {
      for (let reads = 0; reads < 100; reads++) {
        const match = /event: auth\ndata: (.*)\n\n/.exec(buffer);
        if (match?.[1] !== undefined) {
          buffer = buffer.slice((match.index ?? 0) + match[0].length);
          return JSON.parse(match[1]) as Record<string, unknown>;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('auth-log stream ended');
        buffer += value;
      }
      throw new Error('no auth record after 100 reads');
    },
  };
}

describe('auth-log demo service', () => {
  before(async () => {
    demoSite = await startDemoSite({ redisUrl: REDIS_URL });
    site = demoSite.site;
  });

  after(async () => {
    for (const controller of streams) controller.abort();
    for (const client of clients) client.close();
    await demoSite.close();
  });

  it('tells the owner’s join: the form body sent to /broadcasting/auth and the answer true', async () => {
    const bob = new SiteClient(site.url);
    await bob.login(2);
    const client = await echoAs(bob);
    const log = await authLog(bob, client.socket.id ?? '');
    client.echo.private('order.3');
    const record = await log.next();
    assert.equal(record['channel'], 'private-order.3');
    assert.equal(record['outcome'], 'joined');
    assert.equal(record['status'], 200);
    assert.deepEqual(record['request'], {
      method: 'POST',
      url: `${site.url}/broadcasting/auth`,
      body: 'channel_name=private-order.3',
    });
    assert.deepEqual(record['answer'], {
      status: 200,
      body: 'true',
      reason: 'allowed by "order.{orderId}"',
    });
    assert.equal(record['userId'], 2);
    assert.equal(typeof record['ms'], 'number');
  });

  it('tells a stranger’s refusal: 403 {"message":""} with the rule’s reason, and a guest’s 401', async () => {
    const alice = new SiteClient(site.url);
    await alice.login(1);
    const client = await echoAs(alice);
    const log = await authLog(alice, client.socket.id ?? '');
    const refused = new Promise<unknown[]>((resolve) =>
      client.socket.once('subscription_error', (...args: never[]) => resolve(args)),
    );
    client.echo.private('order.3');
    const record = await log.next();
    // A third argument may follow: the offset connection state recovery appends.
    assert.deepEqual((await refused).slice(0, 2), ['private-order.3', 403]);
    assert.equal(record['outcome'], 'refused');
    assert.equal(record['status'], 403);
    const answer = record['answer'] as Record<string, unknown>;
    assert.equal(answer['body'], '{"message":""}');
    assert.match(String(answer['reason']), /order\.\{orderId\}/);

    const guest = new SiteClient(site.url);
    await guest.me();
    const guestClient = await echoAs(guest);
    const guestLog = await authLog(guest, guestClient.socket.id ?? '');
    guestClient.echo.private('order.1');
    const guestRecord = await guestLog.next();
    assert.equal(guestRecord['status'], 401);
    assert.equal(
      (guestRecord['answer'] as Record<string, unknown>)['body'],
      '{"message":"Unauthenticated."}',
    );
  });

  it('answers bad requests with a clear error instead of a stream', async () => {
    const missing = await fetch(`${site.url}/demos/auth-log/stream`);
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { error: string }).error, /socket/);
    const wrongMethod = await fetch(`${site.url}/demos/auth-log/stream?socket=abc`, {
      method: 'POST',
    });
    assert.equal(wrongMethod.status, 405);
    const odd = await fetch(`${site.url}/demos/auth-log/stream?socket=${'x'.repeat(100)}`);
    assert.equal(odd.status, 400);
  });
});
