/**
 * The pub/sub demo (`ch2-pubsub`) through the whole site on port 0 and a real Redis: panes
 * that SUBSCRIBE or PSUBSCRIBE receive what is published, PUBLISH answers the real receiver
 * count, two tabs of one reader share channels, two readers never cross-talk, and closing a
 * page releases its subscribers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../../server/config/logger.ts';
import { createPubSub } from '../../../server/demos/pubsub/pubsub-service.ts';
import { VISITOR_COOKIE } from '../../../server/demos/redis-console/visitor.ts';
import { createSite, type Site } from '../../../server/main.ts';
import { createTestRedis, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';
import { createDistFixture, type DistFixture } from '../main/site-fixture.ts';

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** One open page: its event stream, read as the browser's EventSource would. */
class Page {
  readonly events: StreamEvent[] = [];
  readonly #abort = new AbortController();
  session = '';
  /** The server ended the stream. */
  ended = false;

  constructor(readonly reader: Reader) {}

  async open(): Promise<this> {
    const response = await fetch(`${this.reader.base}/demos/pubsub/stream`, {
      headers: this.reader.headers(),
      signal: this.#abort.signal,
    });
    this.reader.remember(response);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    void this.#read(response);
    const ready = await waitFor(() => this.events.find((e) => e.event === 'ready'), 'ready');
    this.session = String(ready.data['session']);
    return this;
  }

  async #read(response: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body ?? []) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data)
            this.events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          end = buffer.indexOf('\n\n');
        }
      }
      this.ended = true;
    } catch {
      // Aborted by close().
    }
  }

  messages(pane: number): Record<string, unknown>[] {
    return this.events
      .filter((e) => e.event === 'message' && e.data['pane'] === pane)
      .map((e) => e.data);
  }

  async listen(
    pane: number,
    mode: string,
    target: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.reader.post('/demos/pubsub/listen', { session: this.session, pane, mode, target });
  }

  close(): void {
    this.#abort.abort();
  }
}

/** A reader with a cookie jar (one browser profile). */
class Reader {
  cookie = '';
  constructor(readonly base: string) {}

  headers(): Record<string, string> {
    return this.cookie ? { cookie: `${VISITOR_COOKIE}=${this.cookie}` } : {};
  }

  remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const match = new RegExp(`^${VISITOR_COOKIE}=([0-9a-f]{32})`).exec(line);
      if (match?.[1]) this.cookie = match[1];
    }
  }

  async post(
    path: string,
    body: unknown,
    type = 'application/json',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, ...this.headers() },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.remember(response);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async publish(channel: string, message: string): Promise<number> {
    const answer = await this.post('/demos/pubsub/publish', { channel, message });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return Number(answer.body['receivers']);
  }

  async page(): Promise<Page> {
    const page = await new Page(this).open();
    pages.push(page);
    return page;
  }
}

let site: Site;
let dist: DistFixture;
const pages: Page[] = [];

before(async () => {
  dist = await createDistFixture();
  site = await createSite({
    port: 0,
    redisUrl: REDIS_URL,
    keyPrefix: randomPrefix(),
    distDir: dist.dir,
  });
  await waitFor(async () => (await site.health()).status === 'ok', 'the site to be healthy');
});

after(async () => {
  for (const page of pages) page.close();
  await site.close();
  await dist.remove();
});

describe('one publish, several subscribers', () => {
  it('delivers to SUBSCRIBE and PSUBSCRIBE panes, and PUBLISH counts exactly them', async () => {
    const amy = new Reader(site.url);
    const page = await amy.page();
    const lobby = await page.listen(0, 'subscribe', 'chat.lobby');
    assert.equal(lobby.status, 200);
    const steps = lobby.body['steps'] as { command: string; reply: string }[];
    const ns = `echo-lab:pubsub:`;
    assert.match(steps[0]?.command ?? '', new RegExp(`^SUBSCRIBE "${ns}[0-9a-f]{16}:chat.lobby"$`));
    assert.match(steps[0]?.reply ?? '', /^\*3\\r\\n\$9\\r\\nsubscribe\\r\\n/);
    await page.listen(1, 'psubscribe', 'chat.*');
    await page.listen(2, 'subscribe', 'news');

    assert.equal(await amy.publish('chat.lobby', 'hello 你好'), 2);
    await waitFor(
      () => page.messages(0).length === 1 && page.messages(1).length === 1,
      'both panes',
    );
    assert.deepEqual(
      { ...page.messages(0)[0], resp: undefined },
      { pane: 0, kind: 'message', channel: 'chat.lobby', message: 'hello 你好', resp: undefined },
    );
    assert.equal(page.messages(1)[0]?.['kind'], 'pmessage');
    assert.equal(page.messages(1)[0]?.['pattern'], 'chat.*');
    assert.match(
      String(page.messages(0)[0]?.['resp']),
      /^\*3\\r\\n\$7\\r\\nmessage\\r\\n\$\d+\\r\\necho-lab:pubsub:/,
    );

    // Pane 2 listens to news only: its first message is the news one, never chat.lobby.
    assert.equal(await amy.publish('news', 'headline'), 1);
    await waitFor(() => page.messages(2).length === 1, 'the news pane');
    assert.equal(page.messages(2)[0]?.['message'], 'headline');

    // Switching a pane off leaves the channel: the count drops.
    const off = await page.listen(0, 'none', '');
    assert.match(String((off.body['steps'] as { command: string }[])[0]?.command), /^UNSUBSCRIBE /);
    assert.equal(await amy.publish('chat.lobby', 'again'), 1);
  });

  it('a second tab of the same reader shares the channels; another reader never hears them', async () => {
    const amy = new Reader(site.url);
    const first = await amy.page();
    const second = await amy.page();
    await first.listen(0, 'subscribe', 'room');
    await second.listen(0, 'subscribe', 'room');
    assert.equal(await amy.publish('room', 'to both tabs'), 2);
    await waitFor(
      () => first.messages(0).length === 1 && second.messages(0).length === 1,
      'both tabs',
    );

    const ben = new Reader(site.url);
    const bens = await ben.page();
    await bens.listen(0, 'subscribe', 'room');
    assert.equal(await ben.publish('room', 'ben only'), 1, 'ben reaches only his own subscriber');
    assert.equal(await amy.publish('room', 'amy only'), 2);
    await waitFor(
      () => first.messages(0).length === 2 && bens.messages(0).length === 1,
      'each reader',
    );
    assert.deepEqual(
      first.messages(0).map((m) => m['message']),
      ['to both tabs', 'amy only'],
    );
    assert.deepEqual(
      bens.messages(0).map((m) => m['message']),
      ['ben only'],
    );

    // Another reader cannot drive amy's page even with its session id.
    assert.equal(
      (
        await ben.post('/demos/pubsub/listen', {
          session: first.session,
          pane: 1,
          mode: 'subscribe',
          target: 'x',
        })
      ).status,
      404,
    );
  });

  it('a reader with too many pages open: the oldest is told and closed', async () => {
    const amy = new Reader(site.url);
    const opened: Page[] = [];
    for (let i = 0; i < 5; i += 1) opened.push(await amy.page());
    const oldest = opened[0];
    await waitFor(() => oldest?.ended, 'the oldest page to be closed');
    assert.deepEqual(oldest?.events.find((e) => e.event === 'closed')?.data, {
      reason: 'too-many-pages',
    });
    assert.equal(opened[1]?.ended, false);
  });

  it('closing a page releases its subscribers', async () => {
    const amy = new Reader(site.url);
    const page = await amy.page();
    await page.listen(0, 'subscribe', 'bye');
    await page.listen(1, 'psubscribe', 'b*');
    assert.equal(await amy.publish('bye', 'still here'), 2);
    page.close();
    await waitFor(
      async () => (await amy.publish('bye', 'gone?')) === 0,
      'the subscribers to be released',
    );
  });
});

describe('when Redis drops a subscriber', () => {
  it('ends the page’s stream, and the page subscribes again on a new one', async () => {
    const amy = new Reader(site.url);
    const page = await amy.page();
    await page.listen(0, 'subscribe', 'survivor');
    assert.equal(await amy.publish('survivor', 'before'), 1);
    const admin = createTestRedis();
    try {
      const clients = String(await admin.call('CLIENT', 'LIST'));
      const id = /^id=(\d+) .*name=(\S+)/gm;
      let killed = 0;
      for (const match of clients.matchAll(id)) {
        if (match[2] === `echo-lab-pubsub-${page.session}-0`) {
          await admin.call('CLIENT', 'KILL', 'ID', match[1] ?? '');
          killed += 1;
        }
      }
      assert.equal(killed, 1, 'the pane has its own named connection');
    } finally {
      await admin.quit();
    }
    await waitFor(() => page.ended, 'the stream to end');
    // What a browser's EventSource does next: open a new stream and subscribe the panes again.
    const again = await amy.page();
    await again.listen(0, 'subscribe', 'survivor');
    assert.equal(await amy.publish('survivor', 'after'), 1);
    await waitFor(() => again.messages(0).length === 1, 'the message on the new stream');
  });
});

describe('bad input gets a clear answer', () => {
  it('answers 400, 404 and 415 without crashing', async () => {
    const amy = new Reader(site.url);
    const page = await amy.page();
    assert.equal((await page.listen(7, 'subscribe', 'x')).status, 400);
    assert.equal((await page.listen(0, 'subscribe', 'has space')).status, 400);
    assert.equal((await page.listen(0, 'subscribe', '')).status, 400);
    assert.equal((await page.listen(0, 'monitor', 'x')).status, 400);
    assert.equal(
      (
        await amy.post('/demos/pubsub/listen', {
          session: 'nope',
          pane: 0,
          mode: 'subscribe',
          target: 'x',
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await amy.post(
          '/demos/pubsub/publish',
          'channel=x&message=y',
          'application/x-www-form-urlencoded',
        )
      ).status,
      415,
    );
    assert.equal(
      (await amy.post('/demos/pubsub/publish', { channel: 'x', message: 'y'.repeat(501) })).status,
      400,
    );
    assert.equal(await amy.publish('x', 'still fine'), 0);
  });

  it('turns PUBLISH off when the echo server would hear every channel (empty prefix)', async () => {
    const service = createPubSub({
      httpServer: site.server,
      echo: site.echo,
      app: site.app,
      redisUrl: REDIS_URL,
      keyPrefix: '',
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const { createServer } = await import('node:http');
      const server = createServer((req, res) => void service.handleRequest?.(req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const answer = await new Reader(base).post('/demos/pubsub/publish', {
        channel: 'x',
        message: 'y',
      });
      assert.equal(answer.status, 409);
      await new Promise((resolve) => server.close(resolve));
    } finally {
      await service.close();
    }
  });
});
