/**
 * The pure parts of `ch1-chat`: the server's checks on names and messages, and the page's room
 * names, share links and refusal wording.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHAT_LIMITS } from '../../../server/demos/chat/chat-protocol.ts';
import { charCount, checkMessage, checkName } from '../../../server/demos/chat/chat-rules.ts';
import {
  isChatAck,
  normaliseRoom,
  randomRoom,
  refusalText,
  roomFromUrl,
  shareUrl,
} from '../../../src/components/demos/chat-room/chat-room-model.ts';

describe('ch1-chat rules (server)', () => {
  it('counts characters as a reader does: an emoji or a CJK character is one', () => {
    assert.equal(charCount('你好😀'), 3);
  });

  it('refuses a message one character over the limit, with the limit and the length', () => {
    const max = CHAT_LIMITS.maxMessageChars;
    assert.deepEqual(checkMessage('a'.repeat(max), CHAT_LIMITS), {
      ok: true,
      text: 'a'.repeat(max),
    });
    const refused = checkMessage('好'.repeat(max + 1), CHAT_LIMITS);
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.code === 'too_long' && refused.max === max);
    assert.ok(!refused.ok && refused.length === max + 1);
  });

  it('refuses empty messages and turns control characters into spaces', () => {
    assert.ok(!checkMessage('  \t ', CHAT_LIMITS).ok);
    assert.deepEqual(checkMessage('a\u0000b\u2028c', CHAT_LIMITS), { ok: true, text: 'a b c' });
  });

  it('accepts names of 1 to maxNameChars characters, trimmed', () => {
    assert.deepEqual(checkName('  Ada  ', CHAT_LIMITS), { ok: true, name: 'Ada' });
    assert.equal(checkName('', CHAT_LIMITS).ok, false);
    assert.equal(checkName('n'.repeat(CHAT_LIMITS.maxNameChars + 1), CHAT_LIMITS).ok, false);
  });
});

describe('ch1-chat room model (page)', () => {
  it('normalises what a reader types into a room name, or refuses it', () => {
    assert.equal(normaliseRoom('  Class 3B '), 'class-3b');
    assert.equal(normaliseRoom('room-1'), 'room-1');
    assert.equal(normaliseRoom('../etc'), undefined);
    assert.equal(normaliseRoom(''), undefined);
    assert.equal(normaliseRoom('x'.repeat(33)), undefined);
  });

  it('makes random rooms from random bytes', () => {
    assert.equal(randomRoom(new Uint8Array([0x4f, 0x9c, 0x2a, 0xff])), 'room-4f9c2a');
  });

  it('reads the room of a shared link and builds one that scrolls to the demo', () => {
    const link = shareUrl(
      'http://127.0.0.1:4321/websocket/chat-room/?x=1#top',
      'room-1',
      'ch1-chat-demo',
    );
    assert.equal(link, 'http://127.0.0.1:4321/websocket/chat-room/?x=1&room=room-1#ch1-chat-demo');
    assert.equal(roomFromUrl(link), 'room-1');
    assert.equal(roomFromUrl('http://h/p/?room=%3Cscript%3E'), undefined);
    assert.equal(roomFromUrl('http://h/p/'), undefined);
  });

  it('words a refusal in the reader’s language, falling back to the server’s sentence', () => {
    const strings = { refused_too_long: 'Too long ({length}/{max})' };
    const ack = { ok: false, code: 'too_long', message: 'm', max: 500, length: 501 } as const;
    assert.equal(refusalText(ack, strings), 'Too long (501/500)');
    assert.equal(refusalText({ ok: false, code: 'empty', message: 'Empty.' }, strings), 'Empty.');
    assert.equal(refusalText({ ok: true }, strings), '');
  });

  it('recognises acknowledgements and nothing else', () => {
    assert.equal(isChatAck({ ok: true }), true);
    assert.equal(isChatAck({ ok: false, code: 'x', message: '' }), true);
    assert.equal(isChatAck({ ok: false }), false);
    assert.equal(isChatAck('ok'), false);
    assert.equal(isChatAck(null), false);
  });
});
