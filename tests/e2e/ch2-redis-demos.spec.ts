/**
 * The chapter 2 demos (Redis) driven as a reader would: the console on the real Redis, pub/sub
 * with several subscribers, what Laravel writes to Redis, and the cache in front of a slow
 * database. Two browser contexts where one reader's action must (or must not) reach another;
 * axe once each demo has shown its output, in both themes.
 */
import type { Locator, Page } from '@playwright/test';
import { expectNoAxeViolations, openDemo, secondReader } from './support/demos.ts';
import { expect, test } from './support/fixtures.ts';

const PAGES = {
  console: '/en/redis/redis-basics/',
  consoleZh: '/redis/redis-basics/',
  pubsub: '/en/redis/pub-sub/',
  pubsubZh: '/redis/pub-sub/',
  payload: '/en/redis/laravel-broadcasting/',
  payloadZh: '/redis/laravel-broadcasting/',
  cache: '/en/redis/cache/',
  cacheZh: '/redis/cache/',
} as const;

/** A value no other test run uses. */
const unique = (label: string): string => `${label}-${Math.random().toString(36).slice(2, 8)}`;

test.describe('ch2-console: a Redis console on the real Redis', () => {
  /** Types `line` into the console and presses Enter. */
  async function type(demo: Locator, line: string, label = 'Redis command'): Promise<void> {
    const input = demo.getByRole('textbox', { name: label });
    await input.fill(line);
    await input.press('Enter');
  }

  test('a reader sets and reads a key, sees redis-cli replies and the namespaced command in the inspector', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.console, 'ch2-console');
    const output = demo.getByRole('log');
    const value = unique('hello');
    await type(demo, `SET greeting ${value}`);
    await expect(output).toContainText('OK');
    await type(demo, 'GET greeting');
    await expect(output).toContainText(`"${value}"`);
    await type(demo, 'INCR visits');
    await expect(output).toContainText('(integer) 1');
    await type(demo, 'GET nothing-here');
    await expect(output).toContainText('(nil)');

    const namespace = (await demo.locator('[data-role="namespace"]').textContent()) ?? '';
    expect(namespace).toMatch(/^echo-lab:console:[0-9a-f]{16}:$/);
    await demo.getByText('Protocol inspector').click();
    const inspector = demo.getByRole('region', { name: 'Commands sent to Redis' });
    await expect(inspector).toContainText(`SET "${namespace}greeting" "${value}"`);
    await expect(inspector).toContainText('+OK\\r\\n');
    await expect(inspector).toContainText(`EXPIRE "${namespace}greeting" "600" "LT"`);
    await expectNoAxeViolations(page, 'ch2-console');
  });

  test('refused commands say why, and the example buttons run in the console', async ({ page }) => {
    const demo = await openDemo(page, PAGES.console, 'ch2-console');
    await demo.getByRole('button', { name: 'FLUSHALL' }).click();
    await expect(demo.getByRole('log')).toContainText(
      '(refused) This console does not run FLUSHALL: it reaches beyond your own keys',
    );
    await type(demo, 'CONFIG SET maxmemory 1');
    await expect(demo.getByRole('log')).toContainText('does not run CONFIG');
    // Clicked in a row, the lines run one after another, in order.
    await demo.getByRole('button', { name: 'SET temp 1 EX 10' }).click();
    await demo.getByRole('button', { name: 'TTL temp' }).click();
    await demo.getByRole('button', { name: 'TYPE user:1' }).click();
    await expect(demo.getByRole('log')).toContainText(
      /redis> SET temp 1 EX 10OK.*redis> TTL temp\(integer\) \d+redis> TYPE user:1/,
    );
    await expect(demo.getByRole('log')).toContainText(/\(integer\) (10|9|8)/);
    await expectNoAxeViolations(page, 'ch2-console');
  });

  test('a command marked data-console-run in the chapter text runs in the console when clicked', async ({
    page,
  }) => {
    await page.goto(PAGES.console);
    // What a writer puts in the text: <code data-console-run="…">…</code>.
    await page.evaluate(() => {
      const code = document.createElement('code');
      code.dataset['consoleRun'] = 'ECHO "from the text"';
      code.textContent = 'ECHO "from the text"';
      code.tabIndex = 0;
      document.querySelector('main h2')?.after(code);
    });
    await page.locator('main code[data-console-run]').first().click();
    const demo = page.locator('[data-demo="ch2-console"]');
    await expect(demo).toHaveAttribute('data-state', 'live');
    await expect(demo.getByRole('log')).toContainText('redis> ECHO "from the text""from the text"');
    // The keyboard works too: Enter on the focused code runs it again.
    await page.locator('main code[data-console-run]').first().press('Enter');
    await expect(demo.getByRole('log').locator('li', { hasText: 'redis> ECHO' })).toHaveCount(2);
  });

  test('Up and Down bring back earlier commands', async ({ page }) => {
    const demo = await openDemo(page, PAGES.console, 'ch2-console');
    const input = demo.getByRole('textbox', { name: 'Redis command' });
    await type(demo, 'SET a 1');
    await expect(demo.getByRole('log')).toContainText('OK');
    await type(demo, 'GET a');
    await expect(demo.getByRole('log')).toContainText('"1"');
    await input.fill('draft');
    await input.press('ArrowUp');
    await expect(input).toHaveValue('GET a');
    await input.press('ArrowUp');
    await expect(input).toHaveValue('SET a 1');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    await expect(input).toHaveValue('draft');
  });

  test('a second reader cannot see the first reader’s keys', async ({ page, browser }) => {
    const demo = await openDemo(page, PAGES.console, 'ch2-console');
    const secret = unique('secret');
    await type(demo, `SET private-note ${secret}`);
    await expect(demo.getByRole('log')).toContainText('OK');
    const other = await secondReader(browser);
    try {
      const otherDemo = await openDemo(other.page, PAGES.consoleZh, 'ch2-console');
      await type(otherDemo, 'GET private-note', 'Redis 指令');
      await expect(otherDemo.getByRole('log')).toContainText('(nil)');
      await type(otherDemo, 'KEYS *', 'Redis 指令');
      await expect(otherDemo.getByRole('log')).toContainText(
        'redis> KEYS *(empty array)KEYS 在這裡是以 SCAN 模擬的',
      );
      await type(otherDemo, 'FLUSHDB', 'Redis 指令');
      await expect(otherDemo.getByRole('log')).toContainText('這個主控台不執行 FLUSHDB');
      await expectNoAxeViolations(other.page, 'ch2-console');
    } finally {
      await other.context.close();
    }
    await type(demo, 'GET private-note');
    await expect(demo.getByRole('log')).toContainText(`"${secret}"`);
  });
});

test.describe('ch2-pubsub: one publish, several subscribers', () => {
  /** A subscriber pane by its name. */
  const pane = (demo: Locator, name: string): Locator =>
    demo.getByRole('listitem').filter({ has: demo.page().getByText(name, { exact: true }) });

  /** Waits until the three panes have subscribed (the page subscribes them on connect). */
  async function openPubSub(page: Page, path: string = PAGES.pubsub): Promise<Locator> {
    const demo = await openDemo(page, path, 'ch2-pubsub');
    await expect(demo.locator('[data-role="pane-status"]').first()).toContainText(/SUBSCRIBE/);
    return demo;
  }

  test('a message reaches the SUBSCRIBE and PSUBSCRIBE panes, and PUBLISH returns how many', async ({
    page,
  }) => {
    const demo = await openPubSub(page);
    const message = unique('hello');
    await demo.getByLabel('Message', { exact: true }).fill(message);
    await demo.getByRole('button', { name: 'PUBLISH' }).click();
    await expect(demo.getByText('PUBLISH chat.lobby returned (integer) 2')).toBeVisible();
    await expect(pane(demo, 'Subscriber A').getByRole('region')).toContainText(message);
    await expect(pane(demo, 'Subscriber B').getByRole('region')).toContainText(
      `chat.lobby (chat.*) ${message}`,
    );
    await expect(pane(demo, 'Subscriber C').getByRole('region')).not.toContainText(message);

    await demo.getByText('Protocol inspector').click();
    const inspector = demo.getByRole('region', { name: 'Redis commands and messages' });
    await expect(inspector).toContainText(/PSUBSCRIBE "echo-lab:pubsub:[0-9a-f]{16}:chat\.\*"/);
    await expect(inspector).toContainText(':2\\r\\n');
    await expect(inspector).toContainText('*4\\r\\n$8\\r\\npmessage\\r\\n');
    await expectNoAxeViolations(page, 'ch2-pubsub');
  });

  test('switching a pane to another channel changes who receives', async ({ page }) => {
    const demo = await openPubSub(page);
    const c = pane(demo, 'Subscriber C');
    await c.getByLabel('Channel or pattern').fill('chat.lobby');
    await c.getByRole('button', { name: 'Apply' }).click();
    await expect(c.getByText('Listening: SUBSCRIBE chat.lobby')).toBeVisible();
    const message = unique('all-three');
    await demo.getByLabel('Message', { exact: true }).fill(message);
    await demo.getByRole('button', { name: 'PUBLISH' }).click();
    await expect(demo.getByText('returned (integer) 3')).toBeVisible();
    await expect(c.getByRole('region')).toContainText(message);
  });

  test('another tab of the same reader receives too; another reader hears nothing', async ({
    page,
    browser,
  }) => {
    const demo = await openPubSub(page);
    const secondTab = await page.context().newPage();
    const other = await secondReader(browser);
    try {
      const tabDemo = await openPubSub(secondTab, PAGES.pubsubZh);
      const otherDemo = await openPubSub(other.page);
      const message = unique('to-both-tabs');
      await demo.getByLabel('Message', { exact: true }).fill(message);
      await demo.getByRole('button', { name: 'PUBLISH' }).click();
      await expect(demo.getByText('PUBLISH chat.lobby returned (integer) 4')).toBeVisible();
      await expect(pane(tabDemo, '訂閱者 A').getByRole('region')).toContainText(message);
      await expect(pane(tabDemo, '訂閱者 B').getByRole('region')).toContainText(message);
      await expectNoAxeViolations(secondTab, 'ch2-pubsub');

      const own = unique('other-reader');
      await otherDemo.getByLabel('Message', { exact: true }).fill(own);
      await otherDemo.getByRole('button', { name: 'PUBLISH' }).click();
      await expect(otherDemo.getByText('PUBLISH chat.lobby returned (integer) 2')).toBeVisible();
      await expect(pane(otherDemo, 'Subscriber A').getByRole('region')).toContainText(own);
      await expect(pane(otherDemo, 'Subscriber A').getByRole('region')).not.toContainText(message);
      await expect(pane(demo, 'Subscriber A').getByRole('region')).not.toContainText(own);
    } finally {
      await secondTab.close();
      await other.context.close();
    }
  });
});

test.describe('ch2-laravel-payload: what Laravel writes to Redis, and the prefix trap', () => {
  test('with the echo server’s prefix the exact EVAL goes out and the event arrives in the page', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.payload, 'ch2-laravel-payload');
    await expect(demo.locator('[data-role="channel-prefix"]')).toHaveText(/^lab\.[0-9a-f]{8}\.$/);
    await demo.getByRole('button', { name: 'Broadcast' }).click();
    await expect(
      demo.getByText(/^Arrived: App\\Events\\OrderShipped on lab\.[0-9a-f]{8}\.orders/),
    ).toBeVisible();
    await expect(demo.getByText(/^Received, [\d.]+ ms after the EVAL went out/)).toBeVisible();
    const stops = demo.getByRole('region', { name: 'The four stops of one broadcast' });
    await expect(stops).toContainText(
      'EVAL "for i = 2, #ARGV do\\n  redis.call(\'publish\', ARGV[i], ARGV[1])\\nend" 0',
    );
    await expect(stops).toContainText('"item":"\\u8336\\u8449\\u86cb"');
    await expect(stops).toContainText(
      '"url":"https:\\/\\/example.test\\/orders\\/1","socket":null}',
    );
    await demo.getByText('Protocol inspector').click();
    await expect(demo.getByRole('region', { name: 'Socket.IO frames' })).toContainText(
      '42["App\\\\Events\\\\OrderShipped"',
    );
    await expectNoAxeViolations(page, 'ch2-laravel-payload');
  });

  test('with a wrong prefix Redis still publishes and nothing arrives', async ({ page }) => {
    const demo = await openDemo(page, PAGES.payloadZh, 'ch2-laravel-payload');
    await demo.getByRole('radio', { name: /Laravel 12 新專案的預設/ }).check();
    await demo.getByRole('button', { name: '廣播' }).click();
    await expect(demo.getByText('什麼都沒收到。這就是前綴陷阱')).toBeVisible();
    await expect(demo.getByText(/^laravel-database-lab\.[0-9a-f]{8}\.orders 不符合/)).toBeVisible();
    await expect(demo.getByText(/^沒有收到（等了 1500 ms）/)).toBeVisible();
    // Back to the right prefix: the same channel receives at once.
    await demo.getByRole('radio', { name: /echo 伺服器設定的 keyPrefix/ }).check();
    await demo.getByRole('button', { name: '廣播' }).click();
    await expect(demo.getByText(/^收到了：lab\.[0-9a-f]{8}\.orders 上的/)).toBeVisible();
    await expectNoAxeViolations(page, 'ch2-laravel-payload');
  });
});

test.describe('ch2-cache: cache-aside in front of a slow database', () => {
  test('the first read misses and waits for the database; the next one hits without it', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.cache, 'ch2-cache');
    await demo.getByRole('button', { name: 'DEL rooms:popular' }).click();
    await expect(demo.getByText('rooms:popular is not in the cache')).toBeVisible();
    await demo.getByRole('button', { name: 'Read rooms:popular' }).click();
    await expect(
      demo.getByText(/^MISS: [\d.]+ ms on the server, of which the database [\d.]+ ms/),
    ).toBeVisible();
    await demo.getByRole('button', { name: 'Read rooms:popular' }).click();
    await expect(
      demo.getByText(/^HIT: [\d.]+ ms on the server, the database was not called/),
    ).toBeVisible();
    const rows = demo.getByRole('table', { name: 'Requests so far' }).getByRole('row');
    await expect(rows.nth(1)).toContainText('hit');
    await expect(rows.nth(1)).toContainText('not called');
    await expect(rows.nth(2)).toContainText('miss');
    await expect(demo.getByText(/^rooms:popular expires in \d+ s$/)).toBeVisible();
    await demo.getByText('Protocol inspector').click();
    await expect(
      demo.getByRole('region', { name: 'Redis commands and their times' }),
    ).toContainText(/SET "echo-lab:cache:[0-9a-f]{16}:rooms:popular" ".*" "EX" "10"/);
    await expectNoAxeViolations(page, 'ch2-cache');
  });

  test('the entry expires by itself and the next read misses again', async ({ page }) => {
    const demo = await openDemo(page, PAGES.cacheZh, 'ch2-cache');
    await demo.getByRole('button', { name: 'DEL rooms:popular' }).click();
    await demo.getByLabel('快取存活時間（EX）').selectOption('5');
    await demo.getByRole('button', { name: '讀取 rooms:popular' }).click();
    await expect(demo.getByText(/^未命中（MISS）/)).toBeVisible();
    await expect(demo.getByText(/^rooms:popular 還有 \d 秒過期$/)).toBeVisible();
    await expect(demo.getByText(/^rooms:popular 已過期/)).toBeVisible({ timeout: 15_000 });
    await demo.getByRole('button', { name: '讀取 rooms:popular' }).click();
    await expect(demo.getByRole('table').getByRole('row').nth(1)).toContainText('未命中');
    await expect(demo.getByRole('table').getByRole('row')).toHaveCount(3);
    await expectNoAxeViolations(page, 'ch2-cache');
  });
});
