/**
 * ch3-dashboard's service on the whole backend: each snapshot is the echo server's real HTTP
 * API (status, channels, presence users) called with the demo key, shown masked, and the recent
 * broadcasts, with private data withheld.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Site } from '../../../server/main.ts';
import { ensureDemoClient } from '../../../server/demos/echo-dashboard/demo-client.ts';
import {
  dashboardView,
  snapshotSchema,
  type Snapshot,
} from '../../../src/components/demos/dashboard/dashboard-model.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { REDIS_URL } from '../../helpers/redis.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { waitFor } from '../../helpers/wait.ts';
import { SiteClient } from '../main/site-client.ts';

describe('ch3-dashboard: the HTTP API, live', () => {
  let site: Site;
  let demoSite: DemoSite;
  const clients: TestClient[] = [];

  const snapshot = async (): Promise<{ text: string; value: Snapshot }> => {
    const response = await fetch(`${site.url}/demos/echo-dashboard/snapshot`);
    assert.equal(response.status, 200);
    const text = await response.text();
    return { text, value: snapshotSchema.parse(JSON.parse(text)) };
  };

  before(async () => {
    demoSite = await startDemoSite({ redisUrl: REDIS_URL });
    site = demoSite.site;
  });

  after(async () => {
    for (const client of clients) client.close();
    await demoSite.close();
  });

  it('shows a public subscriber and a presence member as the API reports them, key masked', async () => {
    const reader = await connectClient('echo2+sio4', site.url);
    clients.push(reader);
    reader.echo.channel('lab.dashboard');
    const carol = new SiteClient(site.url);
    await carol.login(3);
    const member = await connectClient('echo2+sio4', site.url, {
      headers: { 'X-CSRF-TOKEN': carol.csrfToken },
      options: { transports: ['websocket'], extraHeaders: { Cookie: carol.cookieHeader() } },
    });
    clients.push(member);
    await new Promise((resolve) => member.echo.join('chat.dashboard').here(resolve));

    const view = await waitFor(async () => {
      const { value } = await snapshot();
      const shown = dashboardView(value);
      return shown.rows.some((row) => row.name === 'lab.dashboard') &&
        shown.rows.some((row) => row.name === 'presence-chat.dashboard')
        ? { value, shown }
        : undefined;
    }, 'both channels in a snapshot');
    const presence = view.shown.rows.find((row) => row.name === 'presence-chat.dashboard');
    assert.deepEqual(presence?.members, ['Carol']);
    assert.equal(view.shown.rows.find((row) => row.name === 'lab.dashboard')?.subscriptions, 1);
    assert.ok((view.shown.connections ?? 0) >= 2);
    const urls = view.value.calls.map((call) => call.request.url);
    assert.deepEqual(urls.slice(0, 2), [
      '/apps/echo-lab-demo/status',
      '/apps/echo-lab-demo/channels',
    ]);
    assert.ok(urls.includes('/apps/echo-lab-demo/channels/presence-chat.dashboard/users'));
    const key = ensureDemoClient(site.echo).key;
    const { text } = await snapshot();
    assert.ok(!text.includes(key), 'the key stays on the server');
    assert.match(
      view.value.calls[0]?.request.headers['Authorization'] ?? '',
      /^Bearer \w{4}\*{8}$/,
    );
  });

  it('lists recent broadcasts, newest first, withholding private data', async () => {
    await site.app.broadcaster.broadcast({
      channels: ['lab.dashboard'],
      event: 'App\\Events\\Visible',
      data: { note: 'public words' },
    });
    await site.app.broadcaster.broadcast({
      channels: ['private-App.Models.User.1'],
      event: 'App\\Events\\Secret',
      data: { note: 'private words' },
    });
    const recent = await waitFor(async () => {
      const { value } = await snapshot();
      return value.recent.some((event) => event.event === 'App\\Events\\Secret')
        ? value.recent
        : undefined;
    }, 'both broadcasts in a snapshot');
    assert.equal(recent[0]?.event, 'App\\Events\\Secret');
    assert.equal(recent[0]?.withheld, true);
    assert.equal(recent[0]?.data, undefined);
    const visible = recent.find((event) => event.event === 'App\\Events\\Visible');
    assert.equal(visible?.source, 'redis');
    assert.match(visible?.data ?? '', /public words/);
  });

  it('refuses other methods with a clear answer', async () => {
    const response = await fetch(`${site.url}/demos/echo-dashboard/snapshot`, { method: 'DELETE' });
    assert.equal(response.status, 405);
  });
});
