/**
 * Cache-aside (`ch2-cache`) through the whole site on port 0 and a real Redis: a miss queries
 * the slow "database" and writes back with a TTL, a hit never reaches the database, the entry
 * expires by itself, DEL invalidates it, and each reader has a cache of their own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { CACHE_KEY } from '../../../server/demos/cache/cache-service.ts';
import { visitorTag, VISITOR_COOKIE } from '../../../server/demos/redis-console/visitor.ts';
import { createSite, type Site } from '../../../server/main.ts';
import { createTestRedis, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';
import { createDistFixture, type DistFixture } from '../main/site-fixture.ts';

let site: Site;
let dist: DistFixture;
let db1: Redis;
const keys: string[] = [];

interface Step {
  command: string;
  reply: string;
  lines: string[];
  ms: number;
}

/** A reader with a visitor cookie. */
class Reader {
  cookie = '';

  get key(): string {
    return `echo-lab:cache:${visitorTag(this.cookie)}:${CACHE_KEY}`;
  }

  async post(
    path: string,
    body: unknown,
    type = 'application/json',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${site.url}/demos/cache/${path}`, {
      method: 'POST',
      headers: {
        'content-type': type,
        ...(this.cookie ? { cookie: `${VISITOR_COOKIE}=${this.cookie}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const match = new RegExp(`^${VISITOR_COOKIE}=([0-9a-f]{32})`).exec(line);
      if (match?.[1]) {
        this.cookie = match[1];
        keys.push(this.key);
      }
    }
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async read(ttl = 10): Promise<Record<string, unknown>> {
    const answer = await this.post('read', { ttl });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body;
  }
}

const commands = (answer: Record<string, unknown>): string[] =>
  (answer['steps'] as Step[]).map((step) => step.command.split(' ')[0] ?? '');

before(async () => {
  dist = await createDistFixture();
  site = await createSite({
    port: 0,
    redisUrl: REDIS_URL,
    keyPrefix: randomPrefix(),
    distDir: dist.dir,
  });
  await waitFor(async () => (await site.health()).status === 'ok', 'the site to be healthy');
  db1 = createTestRedis(`${REDIS_URL.replace(/\/\d*$/, '')}/1`);
});

after(async () => {
  if (keys.length > 0) await db1.del(...keys);
  await db1.quit();
  await site.close();
  await dist.remove();
});

describe('cache-aside in front of a slow database', () => {
  it('misses and queries the database, then hits without it', async () => {
    const amy = new Reader();
    const miss = await amy.read(30);
    assert.equal(miss['outcome'], 'miss');
    assert.deepEqual(commands(miss), ['GET', 'SET', 'TTL']);
    assert.equal(typeof miss['dbMs'], 'number');
    const set = (miss['steps'] as Step[])[1];
    assert.match(
      set?.command ?? '',
      new RegExp(`^SET "echo-lab:cache:[0-9a-f]{16}:rooms:popular" ".*" "EX" "30"$`),
    );
    assert.equal(set?.reply, '+OK\\r\\n');
    assert.ok(Number(miss['ttl']) > 0 && Number(miss['ttl']) <= 30);
    assert.equal((await db1.ttl(amy.key)) > 0, true, 'the entry lives in database 1 with a TTL');

    const hit = await amy.read(30);
    assert.equal(hit['outcome'], 'hit');
    assert.deepEqual(commands(hit), ['GET', 'TTL']);
    assert.equal(hit['dbMs'], null);
    assert.equal(hit['queries'], miss['queries'], 'a hit never queries the database');
    assert.deepEqual(hit['value'], miss['value']);
    assert.match((hit['steps'] as Step[])[0]?.reply ?? '', /^\$\d+\\r\\n\{"rows":/);
  });

  it('expires by itself, and the next read misses again', async () => {
    const amy = new Reader();
    assert.equal((await amy.read(1))['outcome'], 'miss');
    await waitFor(async () => (await db1.exists(amy.key)) === 0, 'Redis to expire the entry', 5000);
    const again = await amy.read(1);
    assert.equal(again['outcome'], 'miss');
  });

  it('DEL invalidates the entry', async () => {
    const amy = new Reader();
    await amy.read();
    const forgot = await amy.post('forget', {});
    assert.equal(forgot.body['removed'], 1);
    assert.equal((await amy.read())['outcome'], 'miss');
  });

  it('keeps a cache per reader', async () => {
    const amy = new Reader();
    const ben = new Reader();
    await amy.read();
    assert.equal((await amy.read())['outcome'], 'hit');
    assert.equal((await ben.read())['outcome'], 'miss');
  });

  it('answers bad input with 400 or 415', async () => {
    const amy = new Reader();
    assert.equal((await amy.post('read', { ttl: 0 })).status, 400);
    assert.equal((await amy.post('read', { ttl: 'x' })).status, 400);
    assert.equal((await amy.post('read', '{oops')).status, 400);
    assert.equal(
      (await amy.post('read', 'ttl=1', 'application/x-www-form-urlencoded')).status,
      415,
    );
  });
});
