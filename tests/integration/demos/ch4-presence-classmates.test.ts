/**
 * The `presence-classmates` demo service on the whole backend (port 0, random Redis key
 * prefix): simulated classmates are real Socket.IO clients authorized through the real
 * /broadcasting/auth; a visitor's real laravel-echo sees them join, whisper, speak and leave;
 * limits hold; they go when the visitor's socket goes; bad requests get clear answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_PER_VISITOR } from '../../../server/demos/presence-classmates/create-presence-classmates.ts';
import type { Site } from '../../../server/main.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { REDIS_URL } from '../../helpers/redis.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { waitFor } from '../../helpers/wait.ts';
import { SiteClient } from '../main/site-client.ts';

const ROOM_CHANNEL = 'presence-chat.lobby';
let site: Site;
let demoSite: DemoSite;
const clients: TestClient[] = [];

interface Visitor {
  site: SiteClient;
  client: TestClient;
  seen: string[];
}

/** A logged-in guest whose real Echo joined the room and records what it sees. */
async function visitor(name: string): Promise<Visitor> {
  const http = new SiteClient(site.url);
  await http.me();
  assert.equal((await http.post('/app/login', { name })).status, 200);
  await http.me();
  const client = await connectClient('echo2+sio4', site.url, {
    headers: { 'X-CSRF-TOKEN': http.csrfToken },
    options: { transports: ['websocket'], extraHeaders: { Cookie: http.cookieHeader() } },
  });
  clients.push(client);
  const seen: string[] = [];
  const nameOf = (m: unknown): string => String((m as { name?: unknown }).name);
  client.echo
    .join('chat.lobby')
    .here((members) => seen.push(`here ${members.map(nameOf).join(',')}`))
    .joining((m) => seen.push(`joining ${nameOf(m)}`))
    .leaving((m) => seen.push(`leaving ${nameOf(m)}`))
    .listen('MessagePosted', (data) =>
      seen.push(`message ${String((data as { body?: unknown }).body)}`),
    )
    .listenForWhisper('typing', (data) => seen.push(`typing ${nameOf(data)}`));
  await waitFor(() => seen.some((line) => line.startsWith('here ')), 'here');
  return { site: http, client, seen };
}

function add(v: Visitor, body: Record<string, unknown> = {}) {
  return v.site.post('/demos/presence-classmates/add', {
    channel: ROOM_CHANNEL,
    socketId: v.client.socket.id,
    lang: 'en',
    ...body,
  });
}

describe('presence-classmates demo service', () => {
  before(async () => {
    demoSite = await startDemoSite({ redisUrl: REDIS_URL });
    site = demoSite.site;
  });

  after(async () => {
    for (const client of clients) client.close();
    await demoSite.close();
  });

  it('a classmate joins through /broadcasting/auth, whispers typing, speaks, and leaves when removed', async () => {
    const v = await visitor('Vera');
    const answer = await add(v);
    assert.equal(answer.status, 201);
    const [mate] = (answer.json() as { classmates: { name: string }[] }).classmates;
    assert.match(mate?.name ?? '', /\(simulated\)$/);
    const name = mate?.name ?? '';
    await waitFor(() => v.seen.includes(`joining ${name}`), 'joining');
    await waitFor(() => v.seen.includes(`typing ${name}`), 'typing whisper');
    await waitFor(() => v.seen.includes(`message Hi, I'm ${name}!`), 'greeting');

    const removed = await v.site.post('/demos/presence-classmates/remove', {
      channel: ROOM_CHANNEL,
      socketId: v.client.socket.id,
    });
    assert.equal(removed.status, 200);
    assert.deepEqual((removed.json() as { classmates: unknown[] }).classmates, []);
    await waitFor(() => v.seen.includes(`leaving ${name}`), 'leaving');
    v.client.close();
    await waitFor(() => site.echo.io.of('/').sockets.size === 0, 'no socket left behind');
  });

  it(`allows ${MAX_PER_VISITOR} per visitor, and they all leave when the visitor's socket goes`, async () => {
    const watcher = await visitor('Walt');
    const v = await visitor('Vic');
    for (let i = 0; i < MAX_PER_VISITOR; i++) assert.equal((await add(v)).status, 201);
    const refused = await add(v);
    assert.equal(refused.status, 429);
    assert.match((refused.json() as { message: string }).message, /At most 3/);
    await waitFor(
      () =>
        watcher.seen.filter((l) => l.startsWith('joining ') && l.endsWith('(simulated)')).length ===
        MAX_PER_VISITOR,
      'three classmates joined',
    );
    v.client.close();
    await waitFor(() => watcher.seen.includes('leaving Vic'), 'the visitor left');
    await waitFor(
      () =>
        watcher.seen.filter((l) => l.startsWith('leaving ') && l.endsWith('(simulated)')).length ===
        MAX_PER_VISITOR,
      'their classmates left with them',
    );
    await waitFor(() => site.echo.io.of('/').sockets.size === 1, 'only the watcher is connected');
  });

  it('answers bad requests clearly', async () => {
    const v = await visitor('Val');
    const noCsrf = await v.site.request('POST', '/demos/presence-classmates/add', {
      channel: ROOM_CHANNEL,
      socketId: v.client.socket.id,
    });
    assert.equal(noCsrf.status, 419);
    const badChannel = await add(v, { channel: 'private-order.1' });
    assert.equal(badChannel.status, 422);
    assert.match((badChannel.json() as { message: string }).message, /channel/);
    const notConnected = await add(v, { socketId: 'nobody-here' });
    assert.equal(notConnected.status, 409);
    const malformed = await v.site.post('/demos/presence-classmates/add', '{not json', {
      'content-type': 'application/json',
    });
    assert.ok(malformed.status >= 400 && malformed.status < 500, `got ${malformed.status}`);
    const get = await v.site.request('GET', '/demos/presence-classmates/add');
    assert.equal(get.status, 405);
  });
});
