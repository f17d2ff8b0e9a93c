/**
 * When Redis is down the site must still be readable: pages are served, every demo slot shows
 * its offline state, and `/health` says the backend is degraded. This spec starts its own
 * backend (the built dist/, as the shared one uses) with REDIS_URL pointing at a port where
 * nothing listens, and stops it by its PID afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { expect, test } from './support/fixtures.ts';
import { freePortSync } from './support/free-port.ts';
import { CHAPTERS, chapterPagePaths } from './support/site.ts';
import { DEMOS, isDemoId } from '../../src/components/demos/demo-catalog.ts';

let child: ChildProcess | undefined;
let baseUrl = '';

test.beforeAll(async () => {
  const port = freePortSync();
  const deadRedisPort = freePortSync();
  baseUrl = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: `redis://127.0.0.1:${deadRedisPort}`,
      REDIS_PREFIX: `e2e-offline-${port}:`,
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  // Poll /health until the server answers; bounded so a broken start fails the suite.
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The backend did not answer on ${baseUrl} with Redis offline`);
});

test.afterAll(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = once(child, 'exit');
    process.kill(child.pid, 'SIGTERM');
    await exited;
  }
});

test('with Redis down, /health says which part is degraded', async ({ request }) => {
  const response = await request.get(`${baseUrl}/health`);
  expect(response.status()).toBe(200);
  const health: unknown = await response.json();
  expect(health).toMatchObject({
    status: 'degraded',
    checks: { site: { status: 'ok' }, redis: { status: 'degraded' } },
  });
  const strict = await request.get(`${baseUrl}/health?strict=1`);
  expect(strict.status()).toBe(503);
});

test('with Redis down, the pages are still served and every demo says it is offline', async ({
  page,
}) => {
  // The chapters whose demos need Redis most: Redis itself, and Laravel Echo in English.
  const paths = [
    '/',
    ...chapterPagePaths(CHAPTERS[1] ?? CHAPTERS[0]!, 'zh-TW'),
    ...chapterPagePaths(CHAPTERS[3] ?? CHAPTERS[0]!, 'en'),
  ];
  let demos = 0;
  for (const path of paths) {
    const response = await page.goto(`${baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    for (const slot of await page.locator('[data-demo]').all()) {
      const id = (await slot.getAttribute('data-demo')) ?? '';
      await expect(slot).toBeVisible();
      // Demos that run without Redis (the chat room, the handshake ...) may well be live.
      if (!isDemoId(id) || !DEMOS[id].needsRedis) continue;
      demos += 1;
      await expect(slot, `${path}: ${id} says it is offline`).toHaveAttribute(
        'data-state',
        'offline',
        {
          timeout: 20_000,
        },
      );
    }
  }
  expect(demos, 'the pages visited have demos that need Redis').toBeGreaterThan(0);
});
