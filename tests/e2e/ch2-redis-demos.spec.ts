/**
 * The chapter 2 demos (Redis) driven as a reader would: the console on the real Redis, pub/sub
 * with several subscribers, what Laravel writes to Redis, and the cache in front of a slow
 * database. Two browser contexts where one reader's action must (or must not) reach another;
 * axe once each demo has shown its output, in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { useTheme } from './support/site.ts';

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

/** Opens `path`, scrolls the demo into view (it starts lazily) and waits until it is live. */
async function openDemo(page: Page, path: string, id: string): Promise<Locator> {
  await page.goto(path);
  const demo = page.locator(`[data-demo="${id}"]`);
  await demo.scrollIntoViewIfNeeded();
  await expect(demo).toHaveAttribute('data-state', 'live');
  return demo;
}

/** A second reader: a fresh browser context (its own cookies, so its own visitor id). */
async function secondReader(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** axe on the demo, in both themes; the demo must have produced output before. */
async function expectNoAxeViolations(page: Page, id: string): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    await useTheme(page, theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const results = await new AxeBuilder({ page }).include(`[data-demo="${id}"]`).analyze();
    const summary = results.violations.map(
      (v) => `${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
    );
    expect(summary, `${id} in the ${theme} theme`).toEqual([]);
  }
}

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
    await demo.getByRole('button', { name: 'SET temp 1 EX 10' }).click();
    await demo.getByRole('button', { name: 'TTL temp' }).click();
    await expect(demo.getByRole('log')).toContainText(/\(integer\) (10|9|8)/);
    await expectNoAxeViolations(page, 'ch2-console');
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
