/**
 * ch3-http-api's proxy on the whole backend: the reader's `POST /apps/:appId/events` reaches a
 * real laravel-echo client with the public demo key, the echo server's real error answers come
 * back unchanged, and the proxy keeps the public key to `lab.*` channels and a rate limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Site } from '../../../server/main.ts';
import { ensureDemoClient } from '../../../server/demos/echo-dashboard/demo-client.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { REDIS_URL } from '../../helpers/redis.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response: { status: number; contentType: string; body: string };
  ms: number;
  swapped: boolean;
}

describe('ch3-http-api: POST /apps/:appId/events through the demo proxy', () => {
  let site: Site;
  let demoSite: DemoSite;
  let client: TestClient;
  const received: { event: string; channel: unknown; data: unknown }[] = [];
  let cookieNumber = 0;

  /** One send, as a visitor with its own session cookie (its own rate-limit bucket). */
  const send = async (
    input: { appId?: string; key?: string; body: string },
    cookie = `echo_lab_session=test-${++cookieNumber}`,
  ): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${site.url}/demos/echo-http-api/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ appId: 'echo-lab-demo', key: 'public-demo-key', ...input }),
    });
    return { status: response.status, text: await response.text() };
  };
  const exchange = (text: string): Exchange => JSON.parse(text) as Exchange;

  before(async () => {
    demoSite = await startDemoSite({ redisUrl: REDIS_URL });
    site = demoSite.site;
    client = await connectClient('echo2+sio4', site.url);
    (client.socket as unknown as { onAny(cb: (...args: unknown[]) => void): void }).onAny(
      (event, channel, data) => received.push({ event: String(event), channel, data }),
    );
    client.echo.channel('lab.news');
    await waitFor(
      () => (site.echo.io.sockets.adapter.rooms.get('#lab.news')?.size ?? 0) > 0,
      'the subscribe',
    );
  });

  after(async () => {
    client.close();
    await demoSite.close();
  });

  it('delivers the event to a laravel-echo client with the public demo key, and never shows the real key', async () => {
    const body = JSON.stringify({
      channel: 'lab.news',
      name: 'news.published',
      data: { title: '颱風天' },
    });
    const answer = await send({ body });
    assert.equal(answer.status, 200);
    const result = exchange(answer.text);
    assert.equal(result.response.status, 200);
    assert.deepEqual(JSON.parse(result.response.body), { message: 'ok' });
    assert.equal(result.request.url, '/apps/echo-lab-demo/events');
    assert.equal(result.swapped, true);
    const realKey = ensureDemoClient(site.echo).key;
    assert.ok(!answer.text.includes(realKey), 'the real key stays on the server');
    assert.match(result.request.headers['Authorization'] ?? '', /^Bearer \w{4}\*{8}$/);
    const event = await waitFor(
      () => received.find((e) => e.event === 'news.published'),
      'the event',
    );
    assert.equal(event.channel, 'lab.news');
    assert.deepEqual(event.data, { title: '颱風天' });
  });

  it('answers the echo server’s real errors: a wrong key, a missing name, broken JSON', async () => {
    const ok = JSON.stringify({ channel: 'lab.news', name: 'x', data: {} });
    const wrongKey = exchange((await send({ key: 'public-demo-kex', body: ok })).text);
    assert.equal(wrongKey.response.status, 403);
    assert.equal(wrongKey.response.body, '{"error":"Unauthorized"}');
    assert.equal(wrongKey.swapped, false);

    const noName = exchange(
      (await send({ body: JSON.stringify({ channel: 'lab.news', data: {} }) })).text,
    );
    assert.equal(noName.response.status, 400);
    assert.equal(
      noName.response.body,
      '{"error":"Event must include channel, event name and data"}',
    );

    const brokenJson = exchange((await send({ body: '{"channel":"lab.news","na' })).text);
    assert.equal(brokenJson.response.status, 400);
    assert.equal(brokenJson.response.body, '{"error":"Malformed JSON body"}');
  });

  it('does not open the echo server itself to the public demo key', async () => {
    const response = await fetch(`${site.url}/apps/echo-lab-demo/events`, {
      method: 'POST',
      headers: { Authorization: 'Bearer public-demo-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'news', name: 'x', data: {} }),
    });
    assert.equal(response.status, 403);
  });

  it('refuses channels outside lab.* before anything is published', async () => {
    const before = received.length;
    const answer = await send({
      body: JSON.stringify({
        channels: ['lab.news', 'private-App.Models.User.1'],
        name: 'forged',
        data: {},
      }),
    });
    assert.equal(answer.status, 422);
    assert.match(
      (JSON.parse(answer.text) as { error: string }).error,
      /private-App\.Models\.User\.1/,
    );
    await sleep(100);
    assert.equal(received.length, before, 'nothing was broadcast');
  });

  it('rate limits one visitor and says so', async () => {
    const cookie = 'echo_lab_session=one-busy-visitor';
    const body = JSON.stringify({ channel: 'lab.quiet', name: 'x', data: {} });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await send({ body }, cookie)).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
    assert.equal(statuses.at(-1), 429);
  });

  it('answers a clear 400 for a request that is not {appId, key, body}', async () => {
    const response = await fetch(`${site.url}/demos/echo-http-api/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: 'echo_lab_session=bad-input' },
      body: JSON.stringify({ body: 42 }),
    });
    assert.equal(response.status, 400);
    const broken = await fetch(`${site.url}/demos/echo-http-api/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: 'echo_lab_session=bad-input' },
      body: '{',
    });
    assert.equal(broken.status, 400);
  });
});
