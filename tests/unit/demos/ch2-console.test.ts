/**
 * The console's pure parts: splitting a typed line like redis-cli, RESP encoding and parsing
 * (byte-exact, incremental), and replies printed as redis-cli prints them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CommandLineError,
  quoteBytes,
  showCommand,
  splitCommandLine,
} from '../../../server/demos/redis-console/command-line.ts';
import { formatReply } from '../../../server/demos/redis-console/reply-format.ts';
import {
  encodeCommand,
  RespParser,
  RespProtocolError,
  showResp,
} from '../../../server/demos/redis-console/resp.ts';
import { parseRedisUrl } from '../../../server/demos/redis-console/resp-connection.ts';

const words = (line: string): string[] => splitCommandLine(line).map((arg) => arg.toString('utf8'));

describe('splitting a console line', () => {
  it('splits on spaces and keeps quoted spaces', () => {
    assert.deepEqual(words('  SET greeting   "hello world" '), ['SET', 'greeting', 'hello world']);
    assert.deepEqual(words("SET k 'a\\'b'"), ['SET', 'k', "a'b"]);
    assert.deepEqual(words('SET k ""'), ['SET', 'k', '']);
    assert.deepEqual(words(''), []);
  });

  it('turns escapes in double quotes into bytes', () => {
    const [, , value] = splitCommandLine('SET k "\\x00\\xff\\n\\"\\\\"');
    assert.deepEqual([...(value ?? [])], [0x00, 0xff, 0x0a, 0x22, 0x5c]);
    assert.deepEqual(words('SET k 你好'), ['SET', 'k', '你好']);
  });

  it('rejects an open quote and a quote glued to the next word', () => {
    assert.throws(() => splitCommandLine('SET "open'), CommandLineError);
    assert.throws(() => splitCommandLine('SET "a"b'), CommandLineError);
  });

  it('shows commands and bytes the way redis-cli quotes them', () => {
    assert.equal(quoteBytes(Buffer.from('你')), '"\\xe4\\xbd\\xa0"');
    assert.equal(showCommand(splitCommandLine('set k "a b"')), 'SET "k" "a b"');
  });
});

describe('RESP on the wire', () => {
  it('encodes a command as an array of bulk strings, counting bytes', () => {
    assert.equal(
      encodeCommand(['SET', 'greeting', '你好']).toString('utf8'),
      '*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$6\r\n你好\r\n',
    );
  });

  it('parses replies split across chunks and keeps their exact bytes', () => {
    const parser = new RespParser();
    const wire = Buffer.from('+OK\r\n:11\r\n$-1\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n-ERR no\r\n');
    const replies = [];
    for (const byte of wire) replies.push(...parser.feed(Buffer.from([byte])));
    assert.deepEqual(
      replies.map((reply) => reply.raw.toString('utf8')),
      ['+OK\r\n', ':11\r\n', '$-1\r\n', '*2\r\n$1\r\na\r\n*1\r\n:1\r\n', '-ERR no\r\n'],
    );
    assert.deepEqual(
      replies.map((reply) => formatReply(reply.value)),
      [['OK'], ['(integer) 11'], ['(nil)'], ['1) "a"', '2) 1) (integer) 1'], ['(error) ERR no']],
    );
  });

  it('refuses a stream that is not RESP', () => {
    assert.throws(() => new RespParser().feed(Buffer.from('hello\r\n')), RespProtocolError);
  });

  it('shows RESP on one line with \\r\\n visible', () => {
    assert.equal(showResp(Buffer.from('+OK\r\n')), '+OK\\r\\n');
  });
});

describe('replies printed like redis-cli', () => {
  it('numbers arrays, aligns nested ones and names the empty array', () => {
    const bulk = (text: string) => ({ type: 'bulk', value: Buffer.from(text) }) as const;
    const items = Array.from({ length: 10 }, (_v, i) => bulk(`m${i}`));
    const lines = formatReply({ type: 'array', value: items });
    assert.equal(lines[0], ' 1) "m0"');
    assert.equal(lines[9], '10) "m9"');
    assert.deepEqual(formatReply({ type: 'array', value: [] }), ['(empty array)']);
    assert.deepEqual(
      formatReply({
        type: 'array',
        value: [bulk('0'), { type: 'array', value: [bulk('a'), bulk('b')] }],
      }),
      ['1) "0"', '2) 1) "a"', '   2) "b"'],
    );
  });
});

describe('the console Redis URL', () => {
  it('reads host, port, credentials and database, defaulting the database', () => {
    assert.deepEqual(parseRedisUrl('redis://u:p%40ss@example:6380/3'), {
      host: 'example',
      port: 6380,
      tls: false,
      username: 'u',
      password: 'p@ss',
      db: 3,
    });
    assert.equal(parseRedisUrl('redis://127.0.0.1:6379', 1).db, 1);
    assert.throws(() => parseRedisUrl('http://x'));
  });
});
