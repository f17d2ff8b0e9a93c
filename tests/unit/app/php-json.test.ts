import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phpJsonEncode } from '../../../server/app/php-json.ts';

// Expected strings are what PHP's json_encode($value) prints with default flags.
describe('phpJsonEncode writes what json_encode writes', () => {
  it('escapes forward slashes', () => {
    assert.equal(
      phpJsonEncode({ url: 'https://shop.test/orders/1' }),
      '{"url":"https:\\/\\/shop.test\\/orders\\/1"}',
    );
  });

  it('escapes non-ASCII as lowercase \\u sequences', () => {
    assert.equal(phpJsonEncode('頻道'), '"\\u983b\\u9053"');
    assert.equal(phpJsonEncode('café'), '"caf\\u00e9"');
  });

  it('writes astral characters as surrogate pairs', () => {
    assert.equal(phpJsonEncode('😀'), '"\\ud83d\\ude00"');
  });

  it('escapes quotes, backslashes and control characters as PHP does', () => {
    assert.equal(phpJsonEncode('a"b\\c\n\t\r\b\f\u0001'), '"a\\"b\\\\c\\n\\t\\r\\b\\f\\u0001"');
  });

  it('leaves HTML characters and apostrophes alone', () => {
    assert.equal(phpJsonEncode("<a href='x'>&</a>"), '"<a href=\'x\'>&<\\/a>"');
  });

  it('writes class names with escaped backslashes', () => {
    assert.equal(phpJsonEncode('App\\Events\\OrderShipped'), '"App\\\\Events\\\\OrderShipped"');
  });

  it('writes scalars, lists and nested objects without spaces', () => {
    assert.equal(
      phpJsonEncode({ a: null, b: true, c: 1.5, d: [1, 'x'], e: {} }),
      '{"a":null,"b":true,"c":1.5,"d":[1,"x"],"e":{}}',
    );
    assert.equal(phpJsonEncode([]), '[]');
  });

  it('escapes non-ASCII object keys too', () => {
    assert.equal(phpJsonEncode({ 名字: 'Bob' }), '{"\\u540d\\u5b57":"Bob"}');
  });
});
