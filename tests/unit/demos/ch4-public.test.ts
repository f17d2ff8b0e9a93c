/** The pure parts of the ch4-public demo and the Echo helpers it shares. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventFormatter } from 'laravel-echo';
import {
  LISTENERS,
  awaitedName,
  matchingListeners,
  phpCode,
  wireEventName,
} from '../../../src/components/demos/public-channel/public-channel-model.ts';
import { fill, inlineJson } from '../../../src/lib/echo/demo-strings.ts';
import { echoEventName } from '../../../src/lib/echo/event-name.ts';
import { frameText } from '../../../src/lib/echo/frame-tap.ts';
import { publishCommandText } from '../../../src/lib/echo/publish-command.ts';
import { parseBroadcastFrame, parseEventFrame } from '../../../src/lib/echo/socket-frame.ts';

describe('echoEventName', () => {
  const names = [
    'NewsPublished',
    'Admin.NewsPublished',
    '.news.published',
    'news.published',
    '\\App\\Events\\X',
    '.x',
  ];
  test('agrees with the real laravel-echo EventFormatter, with and without a namespace', () => {
    for (const namespace of ['App.Events', 'Domain.Orders.Events'] as const) {
      const formatter = new EventFormatter(namespace);
      for (const name of names) {
        assert.equal(
          echoEventName(name, namespace),
          formatter.format(name),
          `${namespace} ${name}`,
        );
      }
    }
    const off = new EventFormatter(false);
    for (const name of names) assert.equal(echoEventName(name, false), off.format(name), name);
  });

  test('the tutorial table', () => {
    assert.equal(echoEventName('NewsPublished'), 'App\\Events\\NewsPublished');
    assert.equal(echoEventName('Admin.NewsPublished'), 'App\\Events\\Admin\\NewsPublished');
    assert.equal(echoEventName('.news.published'), 'news.published');
    assert.equal(echoEventName('news.published'), 'App\\Events\\news\\published');
  });
});

describe('public-channel model', () => {
  test('each wire name has exactly one listener waiting for it', () => {
    assert.deepEqual(matchingListeners(wireEventName('class')), ['class']);
    assert.deepEqual(matchingListeners(wireEventName('broadcastAs')), ['dot']);
    assert.deepEqual(matchingListeners('App\\Events\\Other'), []);
  });

  test('the forgotten dot waits for a name no event has', () => {
    const noDot = LISTENERS.find((l) => l.id === 'no-dot');
    assert.ok(noDot);
    assert.equal(awaitedName(noDot), 'App\\Events\\news\\published');
  });

  test('the PHP shows broadcastAs() and toOthers() only when chosen', () => {
    assert.doesNotMatch(phpCode('class', false), /broadcastAs|toOthers/);
    assert.match(phpCode('broadcastAs', true), /return 'news\.published';/);
    assert.match(phpCode('broadcastAs', true), /->toOthers\(\);/);
  });
});

describe('frames', () => {
  test('frameText writes the Engine.IO type digit before the data', () => {
    assert.deepEqual(frameText({ type: 'message', data: '2["x"]' }), {
      type: 'message',
      text: '42["x"]',
    });
    assert.deepEqual(frameText({ type: 'ping' }), { type: 'ping', text: '2' });
    assert.equal(frameText({ type: 'message', data: new ArrayBuffer(2) }).text, '4<binary>');
  });

  test('parseEventFrame reads 42 frames and nothing else', () => {
    assert.deepEqual(parseEventFrame('42["subscribe",{"channel":"news"}]'), {
      event: 'subscribe',
      args: [{ channel: 'news' }],
    });
    assert.equal(parseEventFrame('40{"sid":"x"}'), undefined);
    assert.equal(parseEventFrame('42["unterminated'), undefined);
    assert.equal(parseEventFrame('42[1,2]'), undefined);
    assert.deepEqual(parseBroadcastFrame('42["App\\\\Events\\\\X","news",{"title":"t"}]'), {
      event: 'App\\Events\\X',
      channel: 'news',
      data: { title: 't' },
    });
    assert.equal(parseBroadcastFrame('42["only-event"]'), undefined);
  });
});

describe('strings and commands', () => {
  test('fill replaces known placeholders and keeps unknown ones', () => {
    assert.equal(fill('{a} and {b}', { a: 1 }), '1 and {b}');
  });

  test('inlineJson cannot close its script tag', () => {
    assert.doesNotMatch(inlineJson({ x: '</script><b>' }), /</);
    assert.deepEqual(JSON.parse(inlineJson({ x: '</script>' })), { x: '</script>' });
  });

  test('publishCommandText writes the EVAL as redis-cli would show it', () => {
    const text = publishCommandText({
      command: {
        name: 'EVAL',
        script: "for i = 2, #ARGV do\n  redis.call('publish', ARGV[i], ARGV[1])\nend",
        numkeys: 0,
        args: ['{"event":"E"}', 'laravel_database_news'],
      },
    });
    assert.equal(
      text,
      `EVAL "for i = 2, #ARGV do redis.call('publish', ARGV[i], ARGV[1]) end" 0 "{\\"event\\":\\"E\\"}" "laravel_database_news"`,
    );
    assert.equal(publishCommandText({ message: 'nope' }), undefined);
  });
});
