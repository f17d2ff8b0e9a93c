/**
 * The chapter 4 demos (Laravel Echo) driven as a reader would: real laravel-echo in the page,
 * the site's own echo server and app behind it, two or three browser contexts where one
 * reader's action reaches another, and axe once the demos have shown their output.
 */
import type { Locator } from '@playwright/test';
import { expectNoAxeViolations, openDemo, ownBackend, secondReader } from './support/demos.ts';
import { expect, test } from './support/fixtures.ts';

const PAGES = {
  public: '/en/laravel-echo/events/',
  publicZh: '/laravel-echo/events/',
  private: '/en/laravel-echo/private-channels/',
  presence: '/en/laravel-echo/presence-channels/',
  presenceZh: '/laravel-echo/presence-channels/',
  versions: '/en/laravel-echo/versions-and-reverb/',
} as const;

/** A title no other test run sends. */
const unique = (label: string): string => `${label} ${Math.random().toString(36).slice(2, 8)}`;

test.describe('ch4-public: Echo.channel(...).listen(...)', () => {
  test('a class-name event reaches the listener without a dot, in this tab and in a second reader’s', async ({
    page,
    browser,
  }) => {
    const demo = await openDemo(page, PAGES.public, 'ch4-public');
    const other = await secondReader(browser);
    try {
      const otherDemo = await openDemo(other.page, PAGES.public, 'ch4-public');
      const title = unique('Typhoon day');
      await demo.getByLabel('Title').fill(title);
      await demo.getByRole('button', { name: 'Broadcast' }).click();
      await expect(demo.getByRole('status').filter({ hasText: 'HTTP 200' })).toBeVisible();

      for (const view of [demo, otherDemo]) {
        await expect(view.locator('[data-listener="class"]')).toContainText(title);
        await expect(
          view.getByRole('region', { name: 'Events that really arrived' }),
        ).toContainText(`App\\Events\\NewsPublished`);
      }
      // The same broadcast reached both tabs; the listeners waiting for other names stayed still.
      await expect(demo.locator('[data-listener="dot"]')).not.toContainText(title);
      await expect(demo.locator('[data-listener="no-dot"]')).not.toContainText(title);
      await expect(demo.locator('[data-listener="no-dot"]')).toContainText(
        'App\\Events\\news\\published',
      );

      await demo.getByText('Protocol inspector').click();
      await expect(demo.getByRole('region', { name: 'Socket.IO frames' })).toContainText(
        '42["subscribe",{"channel":"news"',
      );
      await expect(demo.locator('[data-role="eval"]')).toContainText('EVAL');
      await expectNoAxeViolations(page, 'ch4-public');
    } finally {
      await other.context.close();
    }
  });

  test('broadcastAs() with toOthers(): the leading-dot listener of the other reader receives it, the sender does not', async ({
    page,
    browser,
  }) => {
    const demo = await openDemo(page, PAGES.publicZh, 'ch4-public');
    const other = await secondReader(browser);
    try {
      const otherDemo = await openDemo(other.page, PAGES.public, 'ch4-public');
      const title = unique('Exam moved');
      await demo.getByLabel('標題').fill(title);
      await demo.getByLabel('broadcastAs() 回傳').check();
      await demo.getByLabel('toOthers').check();
      await expect(demo.locator('[data-role="php"]')).toContainText("return 'news.published';");
      await expect(demo.locator('[data-role="php"]')).toContainText('->toOthers();');
      await demo.getByRole('button', { name: '廣播' }).click();
      await expect(demo.getByRole('status').filter({ hasText: 'HTTP 200' })).toBeVisible();

      await expect(otherDemo.locator('[data-listener="dot"]')).toContainText(title);
      await expect(otherDemo.locator('[data-listener="class"]')).not.toContainText(title);
      // The other reader has it, so the fan-out is over: the sender was left out.
      await expect(demo.getByRole('region', { name: '線路上實際收到的事件' })).not.toContainText(
        title,
      );
      await expect(demo.locator('[data-listener="dot"]')).not.toContainText(title);
      await expectNoAxeViolations(other.page, 'ch4-public');
    } finally {
      await other.context.close();
    }
  });
});

test.describe('ch4-private: Echo.private(`order.${id}`) and /broadcasting/auth', () => {
  /** Logs the demo's session in as `userId` and subscribes to order `orderId`. */
  async function subscribeAs(demo: Locator, userId: number, name: string, orderId: number) {
    await demo.getByRole('combobox', { name: 'Log in as' }).selectOption(String(userId));
    await demo.getByRole('button', { name: 'Log in' }).click();
    await expect(demo.getByText(`Logged in as ${name}`)).toBeVisible();
    await expect(demo).toHaveAttribute('data-state', 'live');
    await demo.getByRole('combobox', { name: 'Order' }).selectOption(String(orderId));
    await demo.getByRole('button', { name: 'Subscribe to the private channel' }).click();
  }

  test('the wrong user is refused with 403 and a subscription_error; the order’s owner gets in and receives the shipping event', async ({
    page,
    browser,
  }) => {
    const owner = await openDemo(page, PAGES.private, 'ch4-private');
    const other = await secondReader(browser);
    try {
      const stranger = await openDemo(other.page, PAGES.private, 'ch4-private');
      await subscribeAs(stranger, 1, 'Alice', 3);
      await expect(
        stranger.getByText('subscription_error: private-order.3, status 403'),
      ).toBeVisible();
      await expect(stranger.locator('[data-role="request"]')).toContainText(
        'channel_name=private-order.3',
      );
      await expect(stranger.locator('[data-role="answer"]')).toContainText('HTTP 403');
      await expect(stranger.locator('[data-role="answer"]')).toContainText('{"message":""}');
      await expect(stranger.locator('[data-role="reason"]')).toContainText('order.{orderId}');
      await expect(stranger.getByRole('button', { name: /Ship it/ })).toBeDisabled();

      await subscribeAs(owner, 2, 'Bob', 3);
      await expect(owner.getByText('Joined private-order.3: authorized (200)')).toBeVisible();
      await expect(owner.locator('[data-role="answer"]')).toContainText('HTTP 200');
      await expect(owner.locator('[data-role="answer"]')).toContainText('true');
      await expect(owner.getByText("Broadcast::channel('order.{orderId}'").first()).toBeVisible();
      // Our TypeScript twin of the rule, read from server/app/channels.ts when the site was built.
      await expect(owner.getByText('findOrder(orderId)?.userId === user.id')).toBeVisible();

      await owner.getByRole('button', { name: /Ship it/ }).click();
      await expect(
        owner.getByRole('region', { name: 'Events received on this channel' }),
      ).toContainText('Order #3 has shipped');
      await expect(
        stranger.getByRole('region', { name: 'Events received on this channel' }),
      ).not.toContainText('Order #3 has shipped');

      await expectNoAxeViolations(other.page, 'ch4-private');
      await owner.getByText('Protocol inspector').click();
      await expect(owner.getByRole('region', { name: /Protocol inspector/ })).toContainText(
        '"channel":"private-order.3"',
      );
      await expectNoAxeViolations(page, 'ch4-private');
    } finally {
      await other.context.close();
    }
  });
});

test.describe('ch4-presence: here, joining, leaving, whispers and notifications', () => {
  /** Joins the room under `nickname` and waits until the page says so. */
  async function joinAs(
    demo: Locator,
    nickname: string,
    label = 'Nickname',
    join = 'Join the room',
  ) {
    await demo.getByLabel(label).fill(nickname);
    await demo.getByRole('button', { name: join }).click();
    await expect(demo.getByRole('list', { name: /In the room|在聊天室裡/ })).toContainText(
      nickname,
    );
  }

  test('a second reader appears in the member list, is seen typing, talks with toOthers(), and leaves', async ({
    page,
    browser,
  }) => {
    const ann = unique('Ann');
    const ben = unique('Ben');
    const demo = await openDemo(page, PAGES.presence, 'ch4-presence');
    await joinAs(demo, ann);
    await expect(demo.getByText(`Joined presence-chat.lobby as “${ann}”`)).toBeVisible();

    const other = await secondReader(browser);
    const otherDemo = await openDemo(other.page, PAGES.presenceZh, 'ch4-presence');
    await joinAs(otherDemo, ben, '暱稱', '加入聊天室');
    const members = demo.getByRole('list', { name: /In the room/ });
    await expect(members).toContainText(ben);
    const events = demo.getByRole('region', { name: 'here, joining and leaving events' });
    await expect(events).toContainText(`joining ${ben}`);
    // The newcomer's own here list already holds the first reader.
    await expect(otherDemo.getByRole('list', { name: /在聊天室裡/ })).toContainText(ann);

    await otherDemo
      .getByRole('textbox', { name: '訊息' })
      .pressSequentially('hello', { delay: 20 });
    await expect(demo.getByText(`${ben} is typing…`)).toBeVisible();
    await otherDemo.getByRole('button', { name: '送出' }).click();
    const messages = demo.getByRole('region', { name: 'Messages' });
    await expect(messages).toContainText(`${ben} hello`);
    await expect(demo.getByText(`${ben} is typing…`)).toBeHidden();
    // toOthers(): the sender drew its own line once, and the broadcast did not come back.
    const ownMessages = otherDemo.getByRole('region', { name: '聊天內容' });
    await expect(ownMessages.getByText('hello')).toHaveCount(1);

    await expectNoAxeViolations(page, 'ch4-presence');
    await other.context.close();
    await expect(events).toContainText(`leaving ${ben}`);
    await expect(members).not.toContainText(ben);
  });

  test('a simulated classmate joins, greets, and leaves when removed; a notification arrives on the private user channel', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.presence, 'ch4-presence');
    await joinAs(demo, unique('Cai'));
    await demo.getByRole('button', { name: 'Add a classmate' }).click();
    const events = demo.getByRole('region', { name: 'here, joining and leaving events' });
    await expect(events).toContainText(/joining \S+ \(simulated\)/);
    const members = demo.getByRole('list', { name: /In the room/ });
    await expect(members).toContainText('(simulated)');
    await expect(demo.getByRole('region', { name: 'Messages' })).toContainText(
      /Hi, I'm .+\(simulated\)!/,
    );
    await expect(demo.getByText('Simulated classmates you added: 1/3')).toBeVisible();

    await demo.getByRole('button', { name: 'Remove a classmate' }).click();
    await expect(events).toContainText(/leaving \S+ \(simulated\)/);
    await expect(demo.getByText('Simulated classmates you added: 0/3')).toBeVisible();

    await demo.getByRole('button', { name: /Notify me/ }).click();
    await expect(demo.getByRole('region', { name: 'Notifications received' })).toContainText(
      'Class starts in five minutes!',
    );
    await demo.getByText('Protocol inspector').click();
    await expect(demo.getByRole('region', { name: /Protocol inspector/ })).toContainText(
      'presence:subscribed',
    );
    await expectNoAxeViolations(page, 'ch4-presence');
  });
});

test.describe('ch4-client-versions: socket.io-client 2 and 4 side by side', () => {
  test('all three columns receive; after a short drop all still do; after a long drop laravel-echo 1.x on socket.io-client 4 receives nothing', async ({
    page,
  }) => {
    const demo = await openDemo(page, PAGES.versions, 'ch4-client-versions');
    const pane = (id: string): Locator => demo.locator(`[data-pane="${id}"]`);
    await expect(pane('echo1-sio2').locator('[data-role="eio"]')).toHaveText('EIO=3');
    await expect(pane('echo2-sio4').locator('[data-role="eio"]')).toHaveText('EIO=4');
    await expect(pane('echo1-sio4').locator('[data-role="eio"]')).toHaveText('EIO=4');

    const broadcast = demo.getByRole('button', { name: 'Broadcast VersionPing' });
    const allReceived = async (n: number): Promise<void> => {
      for (const id of ['echo1-sio2', 'echo2-sio4', 'echo1-sio4']) {
        await expect(pane(id).locator('[data-role="tally"]')).toHaveText(
          `Received ${n} / sent ${n}`,
        );
      }
    };
    /** Waits until every column has reconnected after a drop. */
    const reconnected = async (): Promise<void> => {
      for (const id of ['echo1-sio2', 'echo2-sio4', 'echo1-sio4']) {
        await expect(pane(id).getByRole('region')).toContainText('reconnected');
        await expect(pane(id)).toHaveAttribute('data-connection', 'connected');
      }
      await expect(demo).toHaveAttribute('data-state', 'live');
    };

    await broadcast.click();
    await allReceived(1);

    await demo.getByRole('button', { name: 'Short drop, all three' }).click();
    await reconnected();
    await expect(pane('echo1-sio4').getByRole('region')).toContainText(
      'old session recovered: yes',
    );
    // laravel-echo 1.x on socket.io-client 2 sent subscribe again on its own.
    await expect(
      pane('echo1-sio2')
        .getByRole('region')
        .getByText(/subscribe/),
    ).toHaveCount(2);
    await broadcast.click();
    await allReceived(2);

    await demo.getByRole('button', { name: /Long drop, all three/ }).click();
    await reconnected();
    await expect(pane('echo1-sio4').getByRole('region')).toContainText('old session recovered: no');
    // The columns whose Echo subscribes again have done so before the next broadcast.
    for (const id of ['echo1-sio2', 'echo2-sio4']) {
      await expect(
        pane(id)
          .getByRole('region')
          .getByText(/subscribe/),
      ).toHaveCount(3);
    }
    await broadcast.click();
    await expect(pane('echo1-sio2').locator('[data-role="tally"]')).toHaveText(
      'Received 3 / sent 3',
    );
    await expect(pane('echo2-sio4').locator('[data-role="tally"]')).toHaveText(
      'Received 3 / sent 3',
    );
    await expect(pane('echo1-sio4').locator('[data-role="tally"]')).toHaveText(
      'Received 2 / sent 3',
    );

    await demo.getByText('Why this happens').click();
    await expect(demo.getByText(/allowEIO3 and accepts both/)).toBeVisible();
    await expectNoAxeViolations(page, 'ch4-client-versions');
  });
});

test.describe('the chapter 4 demos in zh-TW', () => {
  test('the private and versions demos speak Traditional Chinese and work the same', async ({
    page,
  }) => {
    const privateDemo = await openDemo(page, '/laravel-echo/private-channels/', 'ch4-private');
    await privateDemo.getByRole('combobox', { name: '登入身分' }).selectOption('3');
    await privateDemo.getByRole('button', { name: '登入', exact: true }).click();
    await expect(privateDemo.getByText('已登入：卡蘿')).toBeVisible();
    await expect(privateDemo).toHaveAttribute('data-state', 'live');
    await privateDemo.getByRole('combobox', { name: '訂單' }).selectOption('4');
    await privateDemo.getByRole('button', { name: '訂閱私有頻道' }).click();
    await expect(privateDemo.getByText('已加入 private-order.4：授權通過（200）')).toBeVisible();
    await expectNoAxeViolations(page, 'ch4-private');

    const versions = await openDemo(
      page,
      '/laravel-echo/versions-and-reverb/',
      'ch4-client-versions',
    );
    await expect(versions.getByText('三欄都已連線')).toBeVisible();
    await versions.getByRole('button', { name: '廣播 VersionPing' }).click();
    for (const id of ['echo1-sio2', 'echo2-sio4', 'echo1-sio4']) {
      await expect(versions.locator(`[data-pane="${id}"] [data-role="tally"]`)).toHaveText(
        '收到 1／送出 1',
      );
    }
    await versions.getByText('為什麼會這樣').click();
    await expect(versions.getByText(/開了 allowEIO3/)).toBeVisible();
    await expectNoAxeViolations(page, 'ch4-client-versions');
  });
});

test.describe('chapter 4 demos after a server restart', () => {
  const backend = ownBackend('ch4-restart');

  test.beforeAll(backend.start);
  test.afterAll(backend.stop);

  test('the public, presence and versions demos come back by themselves; a restart is a long drop for laravel-echo 1.x on socket.io-client 4', async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    // A context of its own: the failed requests while the server is down are expected here.
    const context = await browser.newContext();
    try {
      const open = async (path: string, id: string): Promise<Locator> =>
        openDemo(await context.newPage(), `${backend.base}${path}`, id);
      const publicDemo = await open(PAGES.public, 'ch4-public');
      const presence = await open(PAGES.presence, 'ch4-presence');
      const name = unique('Rex');
      await presence.getByLabel('Nickname').fill(name);
      await presence.getByRole('button', { name: 'Join the room' }).click();
      await expect(presence.getByRole('list', { name: /In the room/ })).toContainText(name);
      const versions = await open(PAGES.versions, 'ch4-client-versions');

      await backend.stop();
      for (const demo of [publicDemo, presence, versions]) {
        await expect(demo).not.toHaveAttribute('data-state', 'live');
      }
      await backend.start();
      for (const demo of [publicDemo, presence, versions]) {
        await expect(demo).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
      }

      // The public demo's stale CSRF token is renewed and its Echo subscribed again.
      const title = unique('Back again');
      await publicDemo.getByLabel('Title').fill(title);
      await publicDemo.getByRole('button', { name: 'Broadcast' }).click();
      await expect(publicDemo.locator('[data-listener="class"]')).toContainText(title);

      // Sessions outlive the restart (the app keeps a copy in Redis): Echo joins the room again
      // by itself, and here lists the reader once more.
      const events = presence.getByRole('region', { name: 'here, joining and leaving events' });
      await expect(events.getByText('here', { exact: true })).toHaveCount(2);
      await expect(presence.getByRole('list', { name: /In the room/ })).toContainText(name);
      await expect(presence.getByRole('button', { name: 'Send' })).toBeEnabled();

      // The new server has no session to recover: only Echo that subscribes again receives.
      for (const id of ['echo1-sio2', 'echo2-sio4']) {
        await expect(
          versions
            .locator(`[data-pane="${id}"]`)
            .getByRole('region')
            .getByText(/subscribe/),
        ).toHaveCount(2);
      }
      await versions.getByRole('button', { name: 'Broadcast VersionPing' }).click();
      for (const id of ['echo1-sio2', 'echo2-sio4']) {
        await expect(versions.locator(`[data-pane="${id}"] [data-role="tally"]`)).toHaveText(
          'Received 1 / sent 1',
        );
      }
      await expect(versions.locator('[data-pane="echo1-sio4"] [data-role="tally"]')).toHaveText(
        'Received 0 / sent 1',
      );
    } finally {
      await context.close();
    }
  });
});
