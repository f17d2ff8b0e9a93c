/**
 * The Laravel payload page's pure parts: the EVAL shown as redis-cli MONITOR quotes it, the
 * decoded payload, the data check and the answer check.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PUBLISH_SCRIPT } from '../../../server/app/broadcaster.ts';
import {
  DEFAULT_DATA,
  evalText,
  parseBroadcastAnswer,
  parseData,
  prettyPayload,
} from '../../../src/components/demos/laravel-payload/laravel-payload-model.ts';

describe('the EVAL as the page shows it', () => {
  it('quotes the script, numkeys 0, the payload and the channel', () => {
    const payload = '{"event":"App\\\\Events\\\\X","data":{"socket":null},"socket":null}';
    assert.equal(
      evalText(PUBLISH_SCRIPT, [payload, 'laravel_database_news']),
      'EVAL "for i = 2, #ARGV do\\n  redis.call(\'publish\', ARGV[i], ARGV[1])\\nend" 0 ' +
        '"{\\"event\\":\\"App\\\\\\\\Events\\\\\\\\X\\",\\"data\\":{\\"socket\\":null},\\"socket\\":null}" ' +
        '"laravel_database_news"',
    );
  });

  it('decodes the payload for reading, and leaves non-JSON as it is', () => {
    assert.equal(prettyPayload('{"a":"\\u8336"}'), '{\n  "a": "茶"\n}');
    assert.equal(prettyPayload('not json'), 'not json');
  });
});

describe('the data a reader types', () => {
  it('must be a JSON object or list', () => {
    assert.deepEqual(parseData(DEFAULT_DATA).ok, true);
    assert.deepEqual(parseData('[1,2]'), { ok: true, value: [1, 2] });
    assert.deepEqual(parseData('"text"'), { ok: false });
    assert.deepEqual(parseData('{oops'), { ok: false });
  });
});

describe('the server answer', () => {
  it('is accepted only in its full shape', () => {
    const answer = {
      channel: 'lab.abcd1234.orders',
      redisChannel: 'laravel_database_lab.abcd1234.orders',
      payload: '{}',
      script: PUBLISH_SCRIPT,
      args: ['{}', 'laravel_database_lab.abcd1234.orders'],
      request: '*5',
      evalMs: 0.4,
      echoPattern: 'laravel_database_*',
      matches: true,
      usedAppBroadcaster: true,
      echo: { received: true, ms: 2 },
    };
    assert.equal(parseBroadcastAnswer(answer)?.echo.received, true);
    assert.equal(parseBroadcastAnswer({ ...answer, echo: { received: false } }), undefined);
    assert.equal(parseBroadcastAnswer({ error: 'x' }), undefined);
  });
});
