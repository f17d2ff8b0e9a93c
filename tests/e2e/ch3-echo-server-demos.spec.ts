/**
 * The chapter 3 demos (laravel-echo-server) driven as a reader would, on the site's own echo
 * server and app: two browser contexts where one reader's action reaches another, and axe in
 * both themes once the demos have shown their output.
 */
import { expectNoAxeViolations, openDemo, secondReader } from './support/demos.ts';
import { expect, test } from './support/fixtures.ts';

const PAGES = {
  pipeline: '/en/echo-server/introduction/',
  pipelineZh: '/echo-server/introduction/',
  api: '/en/echo-server/http-api/',
  apiZh: '/echo-server/http-api/',
  config: '/en/echo-server/configuration/',
  configZh: '/echo-server/configuration/',
} as const;

/** A name no other test run uses. */
const unique = (label: string): string => `${label}${Math.random().toString(36).slice(2, 8)}`;

test.describe('ch3-config: laravel-echo-server.json key by key', () => {
  test('the reader sees the running key prefix and auth host explained, and no secret', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.config, 'ch3-config');
    const table = demo.getByRole('table', {
      name: 'The configuration this site’s echo server runs with',
    });
    const prefixRow = table.getByRole('row', { name: /databaseConfig\.redis\.keyPrefix/ });
    await expect(prefixRow).toContainText(process.env['E2E_REDIS_PREFIX'] ?? '');
    await expect(prefixRow).toContainText('nothing arrives');
    const hostRow = table.getByRole('row', { name: /^authHost/ });
    await expect(hostRow).toContainText('http://127.0.0.1:');
    await expect(hostRow).toContainText('laravel-echo-server');
    await expect(table.getByRole('row', { name: /^allowedOrigins/ })).toContainText(
      'added by echo-server',
    );
    await expect(table.getByRole('row', { name: /^sslPassphrase/ })).toBeVisible();

    await demo.getByLabel('Show only keys that differ from the default').check();
    await expect(table.getByRole('row', { name: /^authHost/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /^devMode/ })).toHaveCount(0);

    await demo.getByText('Protocol inspector').click();
    await expect(demo.locator('[data-role="answer"]')).toContainText('HTTP 200');
    await expect(demo.locator('[data-role="file"]')).toContainText('"keyPrefix"');
    await expectNoAxeViolations(page, 'ch3-config');
  });

  test('the Traditional Chinese page explains the same keys in Chinese', async ({ page }) => {
    const demo = await openDemo(page, PAGES.configZh, 'ch3-config');
    const table = demo.getByRole('table', { name: '本站 echo server 正在使用的設定' });
    await expect(
      table.getByRole('row', { name: /databaseConfig\.redis\.keyPrefix/ }),
    ).toContainText('什麼都收不到');
    await expectNoAxeViolations(page, 'ch3-config');
  });
});

test.describe('ch3-http-api: POST /apps/:appId/events with a client key', () => {
  test('an event sent by one reader arrives in both readers’ Echo; wrong key and body show the real errors', async ({
    page,
    browser,
  }) => {
    const channel = unique('lab.test');
    const demo = await openDemo(page, PAGES.api, 'ch3-http-api');
    const other = await secondReader(browser);
    try {
      const otherDemo = await openDemo(other.page, PAGES.api, 'ch3-http-api');
      for (const view of [demo, otherDemo]) {
        await view.getByLabel('Channel to listen on').fill(channel);
        await view.getByRole('button', { name: 'Listen on this channel' }).click();
        await expect(view.locator('[data-role="listening"]')).toHaveText(
          `Echo.channel('${channel}')`,
        );
      }
      await expect(demo.getByLabel('Body (JSON)')).toHaveValue(
        new RegExp(`"channel": "${channel}"`),
      );
      await demo.getByRole('button', { name: 'Send the request' }).click();
      const answer = demo.getByRole('region', { name: 'The echo server’s answer' });
      await expect(answer.getByRole('status')).toContainText('HTTP 200');
      await expect(answer).toContainText('{"message":"ok"}');
      await expect(demo.getByRole('region', { name: 'The request sent' })).toContainText(
        'POST /apps/echo-lab-demo/events HTTP/1.1',
      );
      for (const view of [demo, otherDemo]) {
        await expect(view.getByRole('log', { name: 'Events that arrived' })).toContainText(
          'Typhoon day: classes cancelled',
        );
      }
      await demo.getByRole('button', { name: 'Key one character off' }).click();
      await demo.getByRole('button', { name: 'Send the request' }).click();
      await expect(answer.getByRole('status')).toContainText('HTTP 403');
      await expect(answer).toContainText('{"error":"Unauthorized"}');

      await demo.getByRole('button', { name: 'Reset' }).click();
      await demo.getByRole('button', { name: 'Remove name' }).click();
      await demo.getByRole('button', { name: 'Send the request' }).click();
      await expect(answer.getByRole('status')).toContainText('HTTP 400');
      await expect(answer).toContainText('Event must include channel, event name and data');

      await demo.getByRole('button', { name: 'Break the JSON' }).click();
      await demo.getByRole('button', { name: 'Send the request' }).click();
      await expect(answer).toContainText('Malformed JSON body');

      await demo.getByText('Protocol inspector').click();
      await expect(demo.getByRole('log', { name: 'Socket.IO frames' })).toContainText(
        `42["subscribe",{"channel":"${channel}"`,
      );
      await expectNoAxeViolations(page, 'ch3-http-api');
    } finally {
      await other.context.close();
    }
  });

  test('the Traditional Chinese page sends the same request', async ({ page }) => {
    const demo = await openDemo(page, PAGES.apiZh, 'ch3-http-api');
    await demo.getByRole('button', { name: '送出請求' }).click();
    await expect(demo.getByRole('region', { name: 'echo server 的回應' })).toContainText(
      'HTTP 200',
    );
    await expect(demo.getByRole('log', { name: '收到的事件' })).toContainText('颱風天停課');
    await expectNoAxeViolations(page, 'ch3-http-api');
  });
});

test.describe('ch3-dashboard: the HTTP API, live', () => {
  test('the dashboard shows another reader’s channel, its event, and its departure', async ({
    page,
    browser,
  }) => {
    const channel = unique('lab.dash');
    const dashboard = await openDemo(page, PAGES.api, 'ch3-dashboard');
    const table = dashboard.getByRole('table', {
      name: 'Channels with subscribers (GET /apps/:appId/channels)',
    });
    const row = table.getByRole('row', { name: new RegExp(channel.replaceAll('.', '\\.')) });
    const other = await secondReader(browser);
    try {
      const sender = await openDemo(other.page, PAGES.api, 'ch3-http-api');
      await sender.getByLabel('Channel to listen on').fill(channel);
      await sender.getByRole('button', { name: 'Listen on this channel' }).click();
      await expect(row).toContainText('public');
      await expect(row.getByRole('cell').nth(1)).toHaveText('1');

      await sender.getByRole('button', { name: 'Send the request' }).click();
      await expect(sender.getByRole('region', { name: 'The echo server’s answer' })).toContainText(
        'HTTP 200',
      );
      await expect(dashboard.getByRole('group', { name: 'Recent events' })).toContainText(
        `${channel} · news.published`,
      );
    } finally {
      await other.context.close();
    }
    await expect(row, 'the channel goes once its only subscriber left').toHaveCount(0);

    await dashboard.getByText('Protocol inspector').click();
    await expect(dashboard.locator('[data-role="calls"]')).toContainText(
      'GET /apps/echo-lab-demo/channels HTTP/1.1',
    );
    await expect(dashboard.locator('[data-role="calls"]')).toContainText(
      /Authorization: Bearer \w{4}\*{8}/,
    );
    await expectNoAxeViolations(page, 'ch3-dashboard');
  });

  test('the Traditional Chinese dashboard reads the same API', async ({ page }) => {
    const dashboard = await openDemo(page, PAGES.apiZh, 'ch3-dashboard');
    await expect(dashboard.locator('[data-figure="uptime"]')).toHaveText(/^\d+$/);
    await expect(dashboard).toContainText('更新');
    await expectNoAxeViolations(page, 'ch3-dashboard');
  });
});

test.describe('ch3-pipeline: one event, app → Redis → echo server → browsers', () => {
  test('a broadcast from one reader reaches both, with every hop timed; toOthers skips the sender', async ({
    page,
    browser,
  }) => {
    const demo = await openDemo(page, PAGES.pipeline, 'ch3-pipeline');
    const other = await secondReader(browser);
    try {
      const otherDemo = await openDemo(other.page, PAGES.pipeline, 'ch3-pipeline');
      await expect(demo).toContainText('You are “Browser');
      const order = Math.floor(Math.random() * 1e9);
      await demo.getByLabel('Data (broadcastWith, JSON)').fill(`{"orderId": ${order}}`);
      await demo.getByRole('button', { name: 'Broadcast' }).click();
      await expect(demo.getByRole('status').filter({ hasText: 'HTTP 200' })).toBeVisible();
      for (const view of [demo, otherDemo]) {
        await expect(view.getByRole('log', { name: 'Events this browser received' })).toContainText(
          `"orderId":${order}`,
        );
      }
      const reached = demo.getByRole('region', { name: 'Browsers the event reached' });
      await expect(reached).toContainText(/\(this browser\): received after [\d.]+ ms/);
      await expect(
        reached.getByRole('listitem').filter({ hasText: 'received after' }),
      ).not.toHaveCount(1);
      const path = demo.getByRole('list', { name: 'The event’s path' });
      await expect(path.locator('[data-timing="eval"]')).toHaveText(/^[\d.]+ ms$/);
      await expect(path.locator('[data-timing="relay"]')).toHaveText(/^[\d.]+ ms$/);
      await expect(path.locator('[data-timing="browsers"]')).toHaveText(/^-?[\d.]+ ms$/);

      const quiet = order + 1;
      await demo.getByLabel('Data (broadcastWith, JSON)').fill(`{"orderId": ${quiet}}`);
      await demo.getByLabel('->toOthers() (not back to me)').check();
      await demo.getByRole('button', { name: 'Broadcast' }).click();
      await expect(
        otherDemo.getByRole('log', { name: 'Events this browser received' }),
      ).toContainText(`"orderId":${quiet}`);
      await expect(reached).toContainText('(this browser): skipped (toOthers)');
      await expect(
        demo.getByRole('log', { name: 'Events this browser received' }),
      ).not.toContainText(`"orderId":${quiet}`);

      await demo.getByText('Protocol inspector').click();
      const prefix = process.env['E2E_REDIS_PREFIX'] ?? '';
      await expect(demo.locator('[data-role="eval"]')).toContainText(`"EVAL" "for i = 2, #ARGV do`);
      await expect(demo.locator('[data-role="eval"]')).toContainText(`"${prefix}pipeline.orders"`);
      await expect(demo.locator('[data-role="pmessage"]')).toContainText(
        `"pmessage" "${prefix}*" "${prefix}pipeline.orders"`,
      );
      await expect(demo.locator('[data-role="packet"]')).toContainText(
        `42["App\\\\Events\\\\OrderShipped","pipeline.orders",{"orderId":${quiet},"socket":"`,
      );
      await expectNoAxeViolations(page, 'ch3-pipeline');
    } finally {
      await other.context.close();
    }
  });

  test('the Traditional Chinese page shows the journey, without motion when the reader asks for less', async ({
    page,
  }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const demo = await openDemo(page, PAGES.pipelineZh, 'ch3-pipeline');
    await demo.getByLabel('頻道（這個頁面也監聽它）').selectOption('pipeline.news');
    await demo.getByLabel('事件類別').selectOption('App\\Events\\NewsPublished');
    await demo.getByRole('button', { name: '廣播' }).click();
    const reached = demo.getByRole('region', { name: '收到事件的瀏覽器' });
    await expect(reached).toContainText('（這個瀏覽器）');
    const hop = demo.locator('[data-hop="browsers"]');
    await expect(hop).toHaveAttribute('data-run', 'true');
    expect(await hop.locator('.dot').evaluate((dot) => getComputedStyle(dot).animationName)).toBe(
      'none',
    );
    await expectNoAxeViolations(page, 'ch3-pipeline');
  });
});
