/**
 * The chapter 1 demos (WebSocket and Socket.IO) driven as a reader would, on the site's own
 * backend: two browser contexts where one reader's action reaches another, and axe in both
 * themes once each demo has shown its output.
 */
import type { Locator } from '@playwright/test';
import { expectNoAxeViolations, openDemo, ownBackend } from './support/demos.ts';
import { expect, test } from './support/fixtures.ts';

const PAGES = {
  chat: '/en/websocket/chat-room/',
  chatZh: '/websocket/chat-room/',
  handshake: '/en/websocket/websocket-protocol/',
  handshakeZh: '/websocket/websocket-protocol/',
  transports: '/en/websocket/socket-io/',
  transportsZh: '/websocket/socket-io/',
  polling: '/en/websocket/http-polling/',
  pollingZh: '/websocket/http-polling/',
} as const;

test.describe('ch1-chat: a full-duplex chat room', () => {
  test('a message typed in one pane arrives in the other pane and in another reader’s tab, as text', async ({
    page,
    browser,
  }) => {
    const demo = await openDemo(page, PAGES.chat, 'ch1-chat');
    const room = (await demo.locator('[data-role="room"]').textContent()) ?? '';
    expect(room).toMatch(/^room-[0-9a-f]{6}$/);
    const link = (await demo.getByRole('link').first().getAttribute('href')) ?? '';
    expect(link).toContain(`room=${room}`);

    const other = await browser.newContext();
    try {
      const otherPage = await other.newPage();
      const otherDemo = await openDemo(otherPage, link, 'ch1-chat');
      await expect(otherDemo.locator('[data-role="room"]')).toHaveText(room);
      await expect(demo.getByRole('status').first()).toContainText('4 connections in the room');

      const paneA = demo.getByRole('region', { name: 'Pane A' });
      const text = 'Hello <b>class</b> & 你好';
      await paneA.getByRole('textbox', { name: 'Message', exact: true }).fill(text);
      await paneA.getByRole('button', { name: 'Send' }).click();
      const paneB = demo.getByRole('region', { name: 'Pane B' });
      await expect(paneB.getByRole('log')).toContainText(`Ada ${text}`);
      const otherLog = otherDemo.getByRole('region', { name: 'Pane A' }).getByRole('log');
      await expect(otherLog).toContainText(`Ada ${text}`);
      await expect(otherDemo.locator('b')).toHaveCount(0);

      const otherPaneB = otherDemo.getByRole('region', { name: 'Pane B' });
      await otherPaneB.getByRole('textbox', { name: 'Name', exact: true }).fill('Cleo');
      await otherPaneB.getByRole('textbox', { name: 'Name', exact: true }).press('Tab');
      await otherPaneB
        .getByRole('textbox', { name: 'Message', exact: true })
        .fill('Hi from the other tab');
      await otherPaneB.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
      await expect(paneA.getByRole('log')).toContainText('Cleo Hi from the other tab');

      await demo.locator('summary').click();
      await expect(demo.getByRole('region', { name: 'Socket.IO packets' })).toContainText(
        '42/demo-chat,',
      );
      await expectNoAxeViolations(page, 'ch1-chat');
    } finally {
      await other.close();
    }
  });

  test('a message over the limit is refused by the server, and nobody receives it', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.chat, 'ch1-chat');
    await expect(demo.getByText(/at most 500 characters per message/)).toBeVisible();
    const paneA = demo.getByRole('region', { name: 'Pane A' });
    await paneA.getByRole('textbox', { name: 'Message', exact: true }).fill('x'.repeat(501));
    await paneA.getByRole('button', { name: 'Send' }).click();
    await expect(paneA.getByRole('status')).toHaveText(
      'Refused by the server: the message is too long (501 characters, the limit is 500).',
    );
    await paneA.getByRole('textbox', { name: 'Message', exact: true }).fill('short');
    await paneA.getByRole('button', { name: 'Send' }).click();
    const logB = demo.getByRole('region', { name: 'Pane B' }).getByRole('log');
    await expect(logB).toContainText('Ada short');
    await expect(logB).not.toContainText('xxxxx');
  });

  test('the Traditional Chinese page chats and refuses in Chinese', async ({ page }) => {
    const demo = await openDemo(page, PAGES.chatZh, 'ch1-chat');
    const paneB = demo.getByRole('region', { name: '窗格 B' });
    await paneB.getByRole('textbox', { name: '訊息', exact: true }).fill('大家好');
    await paneB.getByRole('button', { name: '送出' }).click();
    await expect(demo.getByRole('region', { name: '窗格 A' }).getByRole('log')).toContainText(
      '小華 大家好',
    );
    await paneB.getByRole('textbox', { name: '訊息', exact: true }).fill('長'.repeat(600));
    await paneB.getByRole('button', { name: '送出' }).click();
    await expect(paneB.getByRole('status')).toContainText('訊息太長（600 個字，上限是 500 個字）');
    await expectNoAxeViolations(page, 'ch1-chat');
  });
});

test.describe('ch1-handshake: a real WebSocket handshake and its frames', () => {
  test('the reader sees the Upgrade request, the 101 answer and the accept value checked against the key', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.handshake, 'ch1-handshake');
    const request = demo.getByRole('region', {
      name: 'The Upgrade request as the server received it',
    });
    await expect(request).toContainText(
      /GET \/demos\/ws-inspector\/socket\?token=[0-9a-f]{32} HTTP\/1\.1/,
    );
    await expect(request).toContainText(/Upgrade: websocket/i);
    await expect(request).toContainText('Sec-WebSocket-Key:');
    const response = demo.getByRole('region', { name: 'The 101 response as the server sent it' });
    await expect(response).toContainText('HTTP/1.1 101 Switching Protocols');
    const key = (await demo.locator('[data-step="key"]').textContent()) ?? '';
    expect(key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    await expect(request).toContainText(`Sec-WebSocket-Key: ${key}`);
    await expect(demo.locator('[data-step="concatenated"]')).toHaveText(
      `${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`,
    );
    const accept = (await demo.locator('[data-step="base64"]').textContent()) ?? '';
    await expect(response).toContainText(`Sec-WebSocket-Accept: ${accept}`);
    await expect(demo.locator('[data-step="verdict"]')).toContainText('✓ Match');
  });

  test('text, a long message, a ping and the close handshake are listed frame by frame', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.handshake, 'ch1-handshake');
    const table = demo.getByRole('table');
    await demo.getByRole('button', { name: 'Send text' }).click();
    const sent = table.getByRole('row').filter({ hasText: 'browser → server' }).first();
    await expect(sent).toContainText('text (0x1)');
    await expect(sent).toContainText(/1 key [0-9a-f]{8}/);
    await expect(sent).toContainText('16 (7-bit field)');
    const echoed = table.getByRole('row').filter({ hasText: 'server → browser' }).first();
    await expect(echoed).toContainText('"Hello, WebSocket"');
    await expect(echoed).toContainText('81 10');

    await demo.getByRole('textbox', { name: 'Message' }).fill('x'.repeat(200));
    await demo.getByRole('button', { name: 'Send text' }).click();
    await expect(table.getByRole('row').filter({ hasText: '200 (16-bit field)' })).toHaveCount(2);

    await demo.getByRole('button', { name: 'Ask the server to ping' }).click();
    await expect(table.getByRole('row').filter({ hasText: 'ping (0x9)' })).toContainText(
      'server → browser',
    );
    await expect(table.getByRole('row').filter({ hasText: 'pong (0xa)' })).toContainText(
      'browser → server',
    );

    await demo.getByRole('button', { name: 'Close from the browser (1000)' }).click();
    await expect(demo.getByText('Connection closed: code 1000')).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: 'close (0x8)' })).toHaveCount(2);
    await expect(demo).toHaveAttribute('data-state', 'offline');

    await demo.locator('summary').click();
    await expect(demo.getByRole('region', { name: 'Frame headers' })).toContainText('81 90');
    await expectNoAxeViolations(page, 'ch1-handshake');

    await demo.getByRole('button', { name: 'Connect again' }).click();
    await expect(demo).toHaveAttribute('data-state', 'live');
    await expect(demo.locator('[data-step="verdict"]')).toContainText('✓ Match');
  });

  test('the Traditional Chinese page shows the same handshake in Chinese', async ({ page }) => {
    const demo = await openDemo(page, PAGES.handshakeZh, 'ch1-handshake');
    await expect(demo.locator('[data-step="verdict"]')).toContainText('✓ 相符');
    await demo.getByRole('button', { name: '送出文字' }).click();
    await expect(demo.getByRole('table')).toContainText('"你好，WebSocket" （12 個字，18 位元組）');
    await demo.getByRole('button', { name: '由伺服器關閉' }).click();
    await expect(demo.getByText('連線已關閉：代碼 1000')).toBeVisible();
    await expectNoAxeViolations(page, 'ch1-handshake');
  });
});

test.describe('ch1-transports: long-polling first, then the upgrade', () => {
  test('the packet log shows the open packet on polling, the probe and the upgrade to WebSocket', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.transports, 'ch1-transports');
    await expect(demo.getByText('Transport in use: websocket')).toBeVisible();
    await demo.locator('summary').click();
    const packets = demo.getByRole('region', { name: 'Engine.IO packets' });
    const line = (tag: string, text: string): Locator =>
      packets.getByRole('listitem').filter({ hasText: tag }).filter({ hasText: text });
    await expect(line('polling ←', '0{"sid":').first()).toBeVisible();
    await expect(line('polling →', '40/demo-transports,').first()).toBeVisible();
    await expect(line('websocket →', '2probe')).toHaveCount(1);
    await expect(line('websocket ←', '3probe')).toHaveCount(1);
    await expect(line('websocket →', 'upgrade: use this transport')).toHaveCount(1);

    await demo.getByRole('button', { name: "emit('echo')" }).click();
    const events = demo.getByRole('region', { name: 'Events and replies the code received' });
    await expect(events).toContainText(
      'reply "the same code"; the server received it over websocket',
    );
    await expect(line('websocket ←', '43/demo-transports,').first()).toBeVisible();
    await expectNoAxeViolations(page, 'ch1-transports');
  });

  test('forbidding WebSocket falls back to long-polling and the same emit/on code still works', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.transports, 'ch1-transports');
    await demo.getByRole('switch', { name: 'Forbid WebSocket' }).check();
    await expect(demo.locator('[data-role="code"]')).toContainText("transports: ['polling'],");
    await expect(demo).toHaveAttribute('data-state', 'live');
    await expect(demo.getByText('Transport in use: polling')).toBeVisible();
    await demo.getByRole('button', { name: "emit('echo')" }).click();
    const events = demo.getByRole('region', { name: 'Events and replies the code received' });
    await expect(events).toContainText('the server received it over polling');
    // The server pushes a tick every 5 s; long-polling delivers it on the waiting GET.
    await expect(events).toContainText('server push #1, over polling', { timeout: 15_000 });
    await demo.locator('summary').click();
    const packets = demo.getByRole('region', { name: 'Engine.IO packets' });
    await expect(packets).toContainText('42/demo-transports,["tick"');
    // The open packet still offers "upgrades":["websocket"]; no packet travels on one.
    await expect(packets.getByRole('listitem').filter({ hasText: /^websocket/ })).toHaveCount(0);
    await expect(demo.locator('[data-role="counts"]')).toContainText('websocket 0');
    await expectNoAxeViolations(page, 'ch1-transports');
  });

  test('the Traditional Chinese page upgrades and explains the packets in Chinese', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.transportsZh, 'ch1-transports');
    await expect(demo.getByText('目前的傳輸方式：websocket')).toBeVisible();
    await demo.locator('summary').click();
    await expect(demo.getByRole('region', { name: 'Engine.IO 封包' })).toContainText(
      '試探：這條 WebSocket 可以用嗎？',
    );
    await expectNoAxeViolations(page, 'ch1-transports');
  });
});

test.describe('ch1-polling-vs-websocket: the same feed, two ways', () => {
  /** The digits of a count cell as a number (byte cells are checked by their pattern). */
  const count = async (demo: Locator, cell: string): Promise<number> =>
    Number(
      ((await demo.locator(`[data-cell="${cell}"]`).textContent()) ?? '').replace(/[^0-9]/g, ''),
    );

  test('counters of requests, bytes and delay move on both sides, and polling pays for empty answers', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.polling, 'ch1-polling-vs-websocket');
    const table = demo.getByRole('table');
    await demo.getByRole('combobox', { name: 'Poll every' }).selectOption('250');
    await expect
      .poll(() => count(demo, 'polling-requests'), { message: 'polls are made and counted' })
      .toBeGreaterThan(4);
    await expect.poll(() => count(demo, 'polling-empty')).toBeGreaterThan(0);
    await expect.poll(() => count(demo, 'websocket-received')).toBeGreaterThan(1);
    await expect.poll(() => count(demo, 'polling-received')).toBeGreaterThan(1);
    await expect(demo.locator('[data-cell="polling-down"]')).toHaveText(/ (B|kB)$/);
    await expect(demo.locator('[data-cell="websocket-down"]')).toHaveText(/ (B|kB)$/);
    await expect(demo.locator('[data-cell="websocket-requests"]')).toHaveText('1');
    await expect(demo.locator('[data-cell="polling-delay-mean"]')).toHaveText(/^\d+ ms$/);
    await expect(demo.locator('[data-cell="websocket-delay-last"]')).toHaveText(/^\d+ ms$/);
    await expect(table.getByRole('row', { name: /Latest update/ })).toContainText('#');

    await demo.getByRole('combobox', { name: 'Server updates per second' }).selectOption('5');
    await expect(demo.getByText('Feed rate now: 5 per second')).toBeVisible();
    const before = await count(demo, 'websocket-received');
    await expect.poll(() => count(demo, 'websocket-received')).toBeGreaterThan(before + 5);

    await demo.locator('summary').click();
    await expect(demo.getByRole('region', { name: 'The last poll request' })).toContainText(
      /GET \/demos\/polling\/poll\?feed=[0-9a-f]{32}&after=\d+ HTTP\/1\.1/,
    );
    await expect(
      demo.getByRole('region', { name: 'The server’s answer (head and body)' }),
    ).toContainText('HTTP/1.1 200 OK');
    await expect(
      demo.getByRole('region', { name: 'The last WebSocket frame: header bytes | payload' }),
    ).toContainText(/^81 [0-9a-f]{2} \| \{"seq":/);
    await expectNoAxeViolations(page, 'ch1-polling-vs-websocket');
  });

  test('the Traditional Chinese page measures the same way', async ({ page }) => {
    const demo = await openDemo(page, PAGES.pollingZh, 'ch1-polling-vs-websocket');
    await expect.poll(() => count(demo, 'websocket-received')).toBeGreaterThan(0);
    await expect.poll(() => count(demo, 'polling-requests')).toBeGreaterThan(1);
    await expect(demo.getByText('伺服器目前每秒更新 1 次')).toBeVisible();
    await expectNoAxeViolations(page, 'ch1-polling-vs-websocket');
  });
});

test.describe('chapter 1 demos after a server restart', () => {
  const backend = ownBackend('ch1-restart');

  test.beforeAll(backend.start);
  test.afterAll(backend.stop);

  test('every demo of the chapter reconnects by itself and works again', async ({ browser }) => {
    test.setTimeout(120_000);
    // A context of its own: the failed requests while the server is down are expected here.
    const context = await browser.newContext();
    try {
      const demos: [string, string][] = [
        [PAGES.polling, 'ch1-polling-vs-websocket'],
        [PAGES.handshake, 'ch1-handshake'],
        [PAGES.transports, 'ch1-transports'],
        [PAGES.chat, 'ch1-chat'],
      ];
      const opened: Locator[] = [];
      for (const [path, id] of demos) {
        opened.push(await openDemo(await context.newPage(), `${backend.base}${path}`, id));
      }
      await backend.stop();
      for (const demo of opened) await expect(demo).not.toHaveAttribute('data-state', 'live');
      await backend.start();
      for (const demo of opened) {
        await expect(demo).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
      }
      const chat = opened[3];
      if (chat === undefined) throw new Error('no chat demo');
      const paneA = chat.getByRole('region', { name: 'Pane A' });
      await paneA.getByRole('textbox', { name: 'Message', exact: true }).fill('back again');
      await paneA.getByRole('button', { name: 'Send' }).click();
      await expect(chat.getByRole('region', { name: 'Pane B' }).getByRole('log')).toContainText(
        'back again',
      );
      const handshake = opened[1];
      await expect(handshake?.locator('[data-step="verdict"]') ?? chat).toContainText('✓ Match');
      const polling = opened[0];
      await expect(polling?.locator('[data-cell="websocket-received"]') ?? chat).toHaveText(
        /^[1-9]/,
        {
          timeout: 10_000,
        },
      );
    } finally {
      await context.close();
    }
  });
});
