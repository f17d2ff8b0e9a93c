/**
 * The Redis console (`ch2-console`) on a real Redis through the whole site on port 0: every
 * command Redis knows that is not allowed is refused, fuzzed key names never reach another
 * visitor's keys, every key written gets a TTL, quotas and rate limits answer in words, and
 * PUBLISH never reaches the broadcasting channels.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createLogger } from '../../../server/config/logger.ts';
import { createSite, type Site } from '../../../server/main.ts';
import { visitorTag, VISITOR_COOKIE } from '../../../server/demos/redis-console/visitor.ts';
import { COMMANDS } from '../../../server/demos/redis-console/command-table.ts';
import {
  createRedisConsole,
  type RedisConsoleOptions,
} from '../../../server/demos/redis-console/redis-console-service.ts';
import type { DemoService } from '../../../server/demos/demo-service.ts';
import { createDistFixture, type DistFixture } from '../main/site-fixture.ts';
import { createTestRedis, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';

interface RunAnswer {
  status: number;
  kind?: 'reply' | 'refused' | 'empty';
  lines: string[];
  note?: string;
  error?: string;
  namespace?: string;
  steps: { command: string; request: string; reply: string; housekeeping: boolean }[];
}

/** A browser-like visitor of the console: keeps the visitor cookie it is given. */
class Visitor {
  cookie = '';
  constructor(
    readonly base: string,
    readonly root = 'echo-lab:console:',
  ) {}

  /** This visitor's namespace. */
  get ns(): string {
    return `${this.root}${this.tag}:`;
  }

  get tag(): string {
    return visitorTag(this.cookie);
  }

  async run(line: string, lang = 'en'): Promise<RunAnswer> {
    return this.post({ line, lang });
  }

  async post(body: unknown, contentType = 'application/json'): Promise<RunAnswer> {
    const response = await fetch(`${this.base}/demos/redis-console/run`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...(this.cookie ? { cookie: `${VISITOR_COOKIE}=${this.cookie}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const match = new RegExp(`^${VISITOR_COOKIE}=([0-9a-f]{32})`).exec(line);
      if (match?.[1]) this.cookie = match[1];
    }
    const answer = (await response.json()) as Partial<RunAnswer>;
    return { status: response.status, lines: [], steps: [], ...answer };
  }
}

let site: Site;
let dist: DistFixture;
let db1: Redis;
const visitors: Visitor[] = [];
const extra: { service: DemoService; server: Server }[] = [];

function visitor(where: string | Console = site.url): Visitor {
  const created =
    typeof where === 'string' ? new Visitor(where) : new Visitor(where.base, where.root);
  visitors.push(created);
  return created;
}

/** A console of the tests' own, with its namespace root. */
interface Console {
  readonly base: string;
  readonly root: string;
}

/** A second console with its own options, served on its own port 0 server. */
async function consoleWith(options: RedisConsoleOptions, keyPrefix?: string): Promise<Console> {
  const root = `${randomPrefix()}console:`;
  const service = createRedisConsole(
    {
      httpServer: site.server,
      echo: site.echo,
      app: site.app,
      redisUrl: REDIS_URL,
      keyPrefix: keyPrefix ?? site.app.broadcaster.keyPrefix,
      logger: createLogger({ level: 'silent' }),
    },
    { namespaceRoot: root, ...options },
  );
  const server = createServer((req, res) => {
    void Promise.resolve(service.handleRequest?.(req, res)).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  extra.push({ service, server });
  const address = server.address();
  return {
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    root,
  };
}

/** Deletes a namespace's keys as bytes (some fuzzed names are not valid UTF-8). */
async function deleteNamespace(ns: string): Promise<void> {
  let cursor = '0';
  for (let round = 0; round < 1000; round += 1) {
    const [next, keys] = await db1.scanBuffer(cursor, 'MATCH', `${ns}*`, 'COUNT', 1000);
    if (keys.length > 0) await db1.del(...keys);
    cursor = next.toString();
    if (cursor === '0') break;
  }
}

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
  for (const { service, server } of extra) {
    await service.close();
    await new Promise((resolve) => server.close(resolve));
  }
  for (const each of visitors) if (each.cookie) await deleteNamespace(each.ns);
  await db1.quit();
  await site.close();
  await dist.remove();
});

describe('the console runs the teaching commands like redis-cli', () => {
  it('answers strings, counters, lists, hashes, sets and sorted sets in redis-cli format', async () => {
    const amy = visitor();
    assert.deepEqual((await amy.run('SET greeting "hello world"')).lines, ['OK']);
    assert.deepEqual((await amy.run('GET greeting')).lines, ['"hello world"']);
    assert.deepEqual((await amy.run('GET nothing')).lines, ['(nil)']);
    assert.deepEqual((await amy.run('INCR visits')).lines, ['(integer) 1']);
    assert.deepEqual((await amy.run('INCRBY visits 10')).lines, ['(integer) 11']);
    assert.deepEqual((await amy.run('RPUSH chat:lobby "amy: hi" "ben: 你好"')).lines, [
      '(integer) 2',
    ]);
    assert.deepEqual((await amy.run('LRANGE chat:lobby 0 -1')).lines, [
      '1) "amy: hi"',
      '2) "ben: \\xe4\\xbd\\xa0\\xe5\\xa5\\xbd"',
    ]);
    assert.deepEqual((await amy.run('HSET user:1 name Amy role teacher')).lines, ['(integer) 2']);
    assert.deepEqual((await amy.run('SADD online amy ben amy')).lines, ['(integer) 2']);
    assert.deepEqual((await amy.run('ZADD scores 120 amy 95 ben')).lines, ['(integer) 2']);
    assert.deepEqual((await amy.run('ZREVRANGE scores 0 0 WITHSCORES')).lines, [
      '1) "amy"',
      '2) "120"',
    ]);
    assert.deepEqual((await amy.run('TYPE user:1')).lines, ['hash']);
    assert.deepEqual((await amy.run('EXISTS user:1 nothing')).lines, ['(integer) 1']);
    assert.deepEqual((await amy.run('INCR greeting')).lines, [
      '(error) ERR value is not an integer or out of range',
    ]);
    assert.deepEqual((await amy.run('SCAN 0 MATCH user:*')).lines, ['1) "0"', '2) 1) "user:1"']);
    assert.deepEqual((await amy.run('DEL user:1 scores')).lines, ['(integer) 2']);
    assert.deepEqual((await amy.run('KEYS *')).lines, [
      '1) "chat:lobby"',
      '2) "greeting"',
      '3) "online"',
      '4) "visits"',
    ]);
  });

  it('shows the exact command sent, with the namespaced key, and the RESP reply', async () => {
    const amy = visitor();
    const answer = await amy.run('SET greeting hello');
    const ns = `echo-lab:console:${amy.tag}:`;
    assert.equal(answer.namespace, ns);
    const sent = answer.steps.find((step) => !step.housekeeping);
    assert.equal(sent?.command, `SET "${ns}greeting" "hello"`);
    assert.equal(
      sent?.request,
      `*3\\r\\n$3\\r\\nSET\\r\\n$${ns.length + 8}\\r\\n${ns}greeting\\r\\n$5\\r\\nhello\\r\\n`,
    );
    assert.equal(sent?.reply, '+OK\\r\\n');
    assert.ok(answer.steps.some((step) => step.housekeeping && step.command.startsWith('EXPIRE')));
  });

  it('keeps its keys in database 1, apart from the broadcasting database', async () => {
    const amy = visitor();
    await amy.run('SET where db1');
    assert.equal(await db1.get(`echo-lab:console:${amy.tag}:where`), 'db1');
    const db0 = createTestRedis();
    try {
      assert.equal(await db0.exists(`echo-lab:console:${amy.tag}:where`), 0);
    } finally {
      await db0.quit();
    }
  });
});

describe('every command that is not on the allow-list is refused', () => {
  it('refuses each command COMMAND LIST reports that is not allowed, saying why', async () => {
    const names = (await db1.call('COMMAND', 'LIST')) as string[];
    assert.ok(names.length > 150, 'Redis reports its commands');
    const refused = names
      .map((name) => name.toUpperCase())
      .filter((name) => !COMMANDS.has(name.split('|')[0] ?? ''));
    assert.ok(
      refused.includes('FLUSHALL') && refused.includes('EVAL') && refused.includes('CONFIG|SET'),
    );
    // A tidy burst limit is part of the product; this suite uses a console without it.
    const base = await consoleWith({ limits: { visitorBurst: 10_000, globalBurst: 10_000 } });
    const tester = visitor(base);
    for (const name of refused) {
      const line = name.replace('|', ' ') + ' x y';
      const answer = await tester.run(line);
      assert.equal(answer.kind, 'refused', `${line} is refused`);
      assert.equal(answer.steps.length, 0, `${line} sends nothing to Redis`);
      assert.match(answer.lines[0] ?? '', new RegExp(`does not run ${name.split('|')[0]}:`), line);
    }
    assert.match((await tester.run('FLUSHALL')).lines[0] ?? '', /whole database/);
    assert.match((await tester.run('flushall', 'zh-TW')).lines[0] ?? '', /不執行 FLUSHALL/);
    assert.match((await tester.run('NOSUCHCOMMAND')).lines[0] ?? '', /HELP/);
  });
});

describe('a visitor cannot escape their namespace', () => {
  const fuzz = [
    '*',
    '?',
    '[a-z]*',
    '\\*',
    '..',
    '../../etc',
    ':',
    '',
    ' ',
    '你好',
    '"\\x00\\xff\\r\\n"',
    'echo-lab:console:',
    "'echo-lab:console:*'",
    'x'.repeat(128),
  ];

  it('fuzzed key names, written by two visitors, stay each in its own namespace', async () => {
    const unlimited = await consoleWith({ limits: { visitorBurst: 10_000, globalBurst: 10_000 } });
    const amy = visitor(unlimited);
    const ben = visitor(unlimited);
    await amy.run('PING');
    await ben.run('PING');
    const keyArg = (key: string): string => (key === '' ? '""' : key === ' ' ? '" "' : key);
    const names = [...fuzz, `${ben.ns}secret`];
    for (const key of names) {
      const written = await amy.run(`SET ${keyArg(key)} amy`);
      assert.deepEqual(written.lines, ['OK'], `amy writes ${key}`);
    }
    await ben.run('SET secret ben');
    for (const key of names) {
      assert.deepEqual(
        (await ben.run(`GET ${keyArg(key)}`)).lines,
        ['(nil)'],
        `ben cannot read ${key}`,
      );
      assert.deepEqual(
        (await ben.run(`DEL ${keyArg(key)}`)).lines,
        ['(integer) 0'],
        `ben cannot delete ${key}`,
      );
    }
    assert.deepEqual((await ben.run('GET secret')).lines, ['"ben"'], "amy never wrote ben's key");
    for (const pattern of ['*', '\\*', '[e]*', 'echo-lab*', '*console*', '?*']) {
      const listed = await ben.run(`KEYS ${pattern}`);
      assert.ok(
        listed.lines.every((line) => !line.includes('amy')),
        `KEYS ${pattern}`,
      );
      assert.ok(listed.lines.length <= 1, `ben sees only his own key with KEYS ${pattern}`);
    }
    const amyKeys = (await amy.run('KEYS *')).lines;
    assert.equal(amyKeys.length, names.length);
    // In Redis itself, every key written lives under the writer's namespace.
    const all = [...(await db1.keys(`${amy.ns}*`))];
    assert.equal(all.length, names.length);
    assert.equal(await db1.get(`${ben.ns}secret`), 'ben');
    assert.equal(await db1.get(`${amy.ns}${ben.ns}secret`), 'amy');
  });

  it('refuses key names that are too long, and never trusts a namespace from the client', async () => {
    const amy = visitor();
    assert.equal((await amy.run(`SET ${'k'.repeat(129)} v`)).kind, 'refused');
    // Extra fields are ignored: the namespace comes from the cookie alone.
    const answer = await amy.post({
      line: 'SET a 1',
      lang: 'en',
      namespace: 'echo-lab:console:x:',
    });
    assert.equal(answer.namespace, `echo-lab:console:${amy.tag}:`);
    // A forged cookie that is not ours gets a fresh visitor instead.
    const forged = visitor();
    forged.cookie = 'not-a-visitor-id';
    const fresh = await forged.run('PING');
    assert.deepEqual(fresh.lines, ['PONG']);
    assert.match(forged.cookie, /^[0-9a-f]{32}$/);
  });
});

describe('every key written gets a TTL', () => {
  it('caps the TTL of keys written by every kind of write, PERSIST and huge EXPIREs included', async () => {
    const amy = visitor(await consoleWith({ limits: { visitorBurst: 10_000 } }));
    const lines = [
      'SET s v',
      'SET long v EX 999999',
      'SETEX ex 100000 v',
      'MSET m1 a m2 b',
      'APPEND ap x',
      'INCR counter',
      'INCRBYFLOAT f 1.5',
      'RPUSH list a b',
      'LMOVE list moved LEFT RIGHT',
      'HSET hash f v',
      'HINCRBY hash n 1',
      'SADD set a b',
      'SMOVE set set2 a',
      'ZADD z 1 a',
      'ZINCRBY z2 1 a',
      'SET p v',
      'PERSIST p',
      'GETEX p PERSIST',
      'EXPIRE s 100000',
      'SET r v',
      'RENAME r renamed',
      'SETRANGE range 3 abc',
    ];
    for (const line of lines) assert.notEqual((await amy.run(line)).kind, 'refused', line);
    const keys = await db1.keys(`${amy.ns}*`);
    assert.equal(keys.length, 18);
    for (const key of keys) {
      const ttl = await db1.ttl(key);
      assert.ok(ttl > 0 && ttl <= 600, `${key} has a TTL of at most 600 s (got ${ttl})`);
    }
    const shown = await amy.run('TTL p');
    assert.match(shown.lines[0] ?? '', /^\(integer\) (5\d\d|600)$/);
    const fresh = await amy.run('SET note v');
    assert.match(fresh.note ?? '', /at most 600 s/);
  });
});

describe('quotas and rate limits answer clear errors', () => {
  it('limits arguments, key count, elements, string length and memory per visitor', async () => {
    const base = await consoleWith({ limits: { visitorBurst: 10_000, globalBurst: 10_000 } });
    const amy = visitor(base);
    const tooMany = await amy.run(`RPUSH l ${'x '.repeat(33)}`);
    assert.equal(tooMany.kind, 'refused');
    assert.match(tooMany.lines[0] ?? '', /at most 32 arguments/);
    assert.match((await amy.run(`SET k ${'v'.repeat(513)}`)).lines[0] ?? '', /at most 512 bytes/);
    assert.match((await amy.run('SETRANGE k 100000 x')).lines[0] ?? '', /at most 4096 bytes/);
    assert.match((await amy.run('SRANDMEMBER s -100000')).lines[0] ?? '', /count must be/);

    for (let i = 0; i < 30; i += 1)
      assert.deepEqual((await amy.run(`SET key${i} v`)).lines, ['OK']);
    const thirtyFirst = await amy.run('SET key30 v');
    assert.equal(thirtyFirst.kind, 'refused');
    assert.match(thirtyFirst.lines[0] ?? '', /at most 30 keys/);
    assert.deepEqual((await amy.run('SET key0 changed')).lines, ['OK'], 'overwriting is fine');
    await amy.run(`DEL ${Array.from({ length: 30 }, (_v, i) => `key${i}`).join(' ')}`);

    const items = Array.from({ length: 25 }, (_v, i) => `e${i}`).join(' ');
    for (let i = 0; i < 4; i += 1)
      assert.equal((await amy.run(`RPUSH list ${items}`)).kind, 'reply');
    const overflow = await amy.run('RPUSH list one-more');
    assert.match(overflow.lines[0] ?? '', /at most 100 elements/);
    await amy.run('DEL list');

    const big = 'b'.repeat(500);
    let refusal: RunAnswer | undefined;
    for (let i = 0; i < 40 && refusal === undefined; i += 1) {
      const answer = await amy.run(
        `RPUSH big${i % 25} ${Array.from({ length: 20 }, () => big).join(' ')}`,
      );
      if (answer.kind === 'refused') refusal = answer;
    }
    assert.match(refusal?.lines[0] ?? '', /at most 64 KB/);
  });

  it('rate-limits a visitor without slowing another one down (a class shares one IP)', async () => {
    const base = await consoleWith({ limits: { visitorBurst: 5, visitorPerSecond: 0.01 } });
    const amy = visitor(base);
    const ben = visitor(base);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const answer = await amy.run('PING');
      statuses.push(answer.status);
      if (answer.status === 429) assert.match(answer.error ?? '', /Slow down/);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
    assert.equal((await ben.run('PING')).status, 200);
  });

  it('rate-limits everyone together under a global limit', async () => {
    const base = await consoleWith({ limits: { globalBurst: 3, globalPerSecond: 0.01 } });
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await visitor(base).run('PING', 'zh-TW'));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200, 200, 429, 429],
    );
    assert.match(answers[4]?.error ?? '', /全班/);
  });
});

describe('PUBLISH stays out of the broadcasting channels', () => {
  it('publishes on a channel inside the visitor namespace, never on the echo server pattern', async () => {
    const amy = visitor();
    await amy.run('PING');
    const watcher = createTestRedis();
    const seen: string[] = [];
    try {
      watcher.on('pmessage', (_pattern: string, channel: string) => seen.push(channel));
      await watcher.psubscribe(
        `${site.app.broadcaster.keyPrefix}*`,
        `echo-lab:console:${amy.tag}:*`,
      );
      const answer = await amy.run(`PUBLISH ${site.app.broadcaster.keyPrefix}news hello`);
      assert.deepEqual(answer.lines, ['(integer) 1']);
      await waitFor(() => seen.length === 1, 'the published message');
      assert.deepEqual(seen, [`echo-lab:console:${amy.tag}:${site.app.broadcaster.keyPrefix}news`]);
    } finally {
      await watcher.quit();
    }
  });

  it('turns PUBLISH off when the echo server listens to every channel (empty prefix)', async () => {
    const base = await consoleWith({}, '');
    const answer = await visitor(base).run('PUBLISH news hello');
    assert.equal(answer.kind, 'refused');
    assert.match(answer.lines[0] ?? '', /PUBLISH is off/);
  });
});

describe('bad input gets a clear answer, never a crash', () => {
  it('answers malformed requests with 4xx and odd lines with a refusal', async () => {
    const amy = visitor();
    assert.equal((await amy.post('{not json')).status, 400);
    assert.equal((await amy.post({ line: 42 })).status, 400);
    assert.equal((await amy.post('line=PING', 'application/x-www-form-urlencoded')).status, 415);
    assert.equal((await amy.run('SET "open quote')).kind, 'refused');
    assert.equal((await amy.run('   ')).kind, 'empty');
    assert.equal((await amy.run('x'.repeat(17_000))).kind, 'refused');
    assert.match((await amy.run('GET')).lines[0] ?? '', /wrong number of arguments/);
    const wrongMethod = await fetch(`${site.url}/demos/redis-console/run`);
    assert.equal(wrongMethod.status, 405);
    await wrongMethod.text();
    assert.deepEqual((await amy.run('HELP GET')).lines, ['GET key']);
    assert.deepEqual((await amy.run('PING')).lines, ['PONG']);
  });
});
