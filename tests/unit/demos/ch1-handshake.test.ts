/**
 * The pure parts of `ch1-handshake`: the accept derivation (RFC 6455's own example) and the
 * frame parser on frames built byte by byte, split at every position; the page's reading of the
 * server's reports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveAccept } from '../../../server/demos/ws-inspector/accept-key.ts';
import { FrameParser, PREVIEW_BYTES } from '../../../server/demos/ws-inspector/frame-parser.ts';
import { headerValue } from '../../../server/demos/ws-inspector/handshake-report.ts';
import {
  frameCells,
  parseClosed,
  parseFrame,
  parseHandshake,
  payloadText,
} from '../../../src/components/demos/handshake/handshake-model.ts';
import { tokenFrom } from '../../../src/lib/demo/random-token.ts';

/** A frame as a client would send it (masked) or a server (unmasked). */
function frame(opcode: number, payload: Buffer, mask?: Buffer, fin = true): Buffer {
  const len = payload.length;
  const lenBytes =
    len < 126
      ? Buffer.from([len | (mask ? 0x80 : 0)])
      : len < 65536
        ? Buffer.from([126 | (mask ? 0x80 : 0), len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([127 | (mask ? 0x80 : 0)]), bigLength(len)]);
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i += 1) body[i] = (body[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([
    Buffer.from([(fin ? 0x80 : 0) | opcode]),
    lenBytes,
    mask ?? Buffer.alloc(0),
    body,
  ]);
}

function bigLength(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

describe('ch1-handshake: Sec-WebSocket-Accept', () => {
  it('derives RFC 6455’s example accept value from its example key', () => {
    const result = deriveAccept('dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    assert.equal(result.accept, 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    assert.equal(result.sha1Hex, 'b37a4f2cc0624f1690f64606cf385945b2bec4ea');
    assert.equal(result.matches, true);
    assert.equal(deriveAccept('dGhlIHNhbXBsZSBub25jZQ==', 'wrong').matches, false);
  });

  it('finds a header in a raw response head, whatever its case', () => {
    const head = 'HTTP/1.1 101 Switching Protocols\r\nsec-websocket-accept:  abc= \r\n\r\n';
    assert.equal(headerValue(head, 'Sec-WebSocket-Accept'), 'abc=');
    assert.equal(headerValue(head, 'Upgrade'), undefined);
  });
});

describe('ch1-handshake: the frame parser', () => {
  const mask = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

  it('reads a masked text frame, split at every byte boundary', () => {
    const bytes = frame(0x1, Buffer.from('Hello'), mask);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const parser = new FrameParser();
      const frames = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))];
      assert.equal(frames.length, 1, `cut at ${cut}`);
      const [f] = frames;
      assert.equal(f?.opcodeName, 'text');
      assert.equal(f?.masked, true);
      assert.equal(f?.maskKey, '37fa213d');
      assert.equal(f?.headerHex, '81 85 37 fa 21 3d');
      assert.deepEqual(f?.payload, { kind: 'text', text: 'Hello' });
      assert.equal(f?.frameBytes, 11);
    }
  });

  it('reads several frames from one chunk, empty payloads included', () => {
    const parser = new FrameParser();
    const frames = parser.push(
      Buffer.concat([
        frame(0xa, Buffer.alloc(0)),
        frame(0x9, Buffer.from('hi')),
        frame(0x2, Buffer.from([0xff])),
      ]),
    );
    assert.deepEqual(
      frames.map((f) => [f.opcodeName, f.payloadLength]),
      [
        ['pong', 0],
        ['ping', 2],
        ['binary', 1],
      ],
    );
  });

  it('names the 16- and 64-bit length fields and keeps only a preview of a large payload', () => {
    const parser = new FrameParser();
    const [mid] = parser.push(frame(0x1, Buffer.alloc(300, 'a'), mask));
    assert.equal(mid?.lengthField, '16-bit');
    assert.equal(mid?.headerBytes, 8);
    const [big] = parser.push(frame(0x2, Buffer.alloc(70_000, 1)));
    assert.equal(big?.lengthField, '64-bit');
    assert.equal(big?.payloadLength, 70_000);
    assert.equal(big?.headerBytes, 10);
    assert.equal(big?.truncated, true);
    assert.equal(
      big?.payload.kind === 'binary' && big.payload.hex.split(' ').length,
      PREVIEW_BYTES,
    );
  });

  it('decodes close frames and continuation frames of a text message', () => {
    const parser = new FrameParser();
    const close = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye')]);
    const frames = parser.push(
      Buffer.concat([
        frame(0x1, Buffer.from('par'), undefined, false),
        frame(0x0, Buffer.from('ts')),
        frame(0x8, close, mask),
      ]),
    );
    assert.equal(frames[0]?.fin, false);
    assert.deepEqual(frames[1]?.payload, { kind: 'text', text: 'ts' });
    assert.equal(frames[1]?.opcodeName, 'continuation');
    assert.deepEqual(frames[2]?.payload, { kind: 'close', code: 1000, reason: 'bye' });
  });

  it('stops, without throwing, on a length no frame can have', () => {
    const parser = new FrameParser();
    const bad = Buffer.concat([Buffer.from([0x82, 127]), Buffer.alloc(8, 0xff)]);
    assert.deepEqual(parser.push(bad), []);
    assert.equal(parser.broken, true);
    assert.deepEqual(parser.push(frame(0x1, Buffer.from('x'))), []);
  });
});

describe('ch1-handshake: the page’s reading of the reports', () => {
  const words = {
    in: 'browser → server',
    out: 'server → browser',
    yes: 'yes',
    no: 'no',
    length: '{n} ({field} field)',
    maskKey: 'key {key}',
    close: 'code {code} ({name}), reason {reason}',
    cut: '(first bytes only, {total} bytes in all)',
    chars: '({chars} characters in {bytes} bytes)',
  };

  it('turns a reported frame into the cells of the frame table', () => {
    const [info] = new FrameParser().push(
      frame(0x1, Buffer.from('Hello'), Buffer.from([0x37, 0xfa, 0x21, 0x3d])),
    );
    const report = parseFrame(JSON.stringify({ direction: 'in', at: 1, ...info }));
    assert.ok(report);
    assert.deepEqual(frameCells(3, report, words), [
      '3',
      'browser → server',
      'text (0x1)',
      '1',
      '1 key 37fa213d',
      '5 (7-bit field)',
      '11',
      '81 85 37 fa 21 3d',
      '"Hello"',
    ]);
  });

  it('words close frames with the code’s name, and says when a payload is cut', () => {
    const [close] = new FrameParser().push(
      frame(0x8, Buffer.concat([Buffer.from([0x03, 0xf1]), Buffer.from('too big')])),
    );
    assert.ok(close);
    assert.equal(payloadText(close, words), 'code 1009 (message too big), reason "too big"');
    const [big] = new FrameParser().push(frame(0x2, Buffer.alloc(PREVIEW_BYTES + 1, 0)));
    assert.ok(big);
    assert.match(payloadText(big, words), /\(first bytes only, 513 bytes in all\)$/);
  });

  it('counts characters against bytes for text that is not all ASCII', () => {
    const [text] = new FrameParser().push(frame(0x1, Buffer.from('你好')));
    assert.ok(text);
    assert.equal(payloadText(text, words), '"你好" (2 characters in 6 bytes)');
  });

  it('refuses reports that do not have the expected shape', () => {
    assert.equal(parseFrame('not json'), undefined);
    assert.equal(parseFrame('{"direction":"up"}'), undefined);
    assert.equal(parseHandshake('{"request":{}}'), undefined);
    assert.deepEqual(parseClosed('{"code":1000,"reason":"bye"}'), { code: 1000, reason: 'bye' });
    assert.equal(parseClosed('{"code":"1000"}'), undefined);
  });

  it('makes 32-character hex tokens', () => {
    assert.equal(tokenFrom(new Uint8Array(16).fill(0xab)), 'ab'.repeat(16));
  });
});
