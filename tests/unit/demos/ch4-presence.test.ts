/** The pure parts of the ch4-presence demo and of its simulated classmates. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  classmateGreeting,
  classmateName,
} from '../../../server/demos/presence-classmates/classmate-names.ts';
import {
  ROOM_CHANNEL,
  TYPING_THROTTLE_MS,
  mayWhisper,
  memberList,
  parseMember,
  parseMessage,
  parseTyping,
  withMember,
  withoutMember,
} from '../../../src/components/demos/presence-room/presence-room-model.ts';

describe('presence room model', () => {
  test('the room is a presence channel the chat.{roomId} rule covers', () => {
    assert.equal(ROOM_CHANNEL, 'presence-chat.lobby');
  });

  test('here lists are de-duplicated by id, sorted by name, and junk is dropped', () => {
    const list = memberList([
      { id: 2, name: 'Bob' },
      { id: 1, name: 'Alice' },
      { id: 2, name: 'Bob' },
      'junk',
      { id: 3 },
      null,
    ]);
    assert.deepEqual(list, [
      { id: 1, name: 'Alice' },
      { id: 2, name: 'Bob' },
    ]);
  });

  test('joining replaces a member with the same id; leaving removes by id (number or string)', () => {
    const list = memberList([{ id: 1, name: 'Alice' }]);
    assert.deepEqual(withMember(list, { id: '1', name: 'Alicia' }), [{ id: '1', name: 'Alicia' }]);
    assert.deepEqual(withoutMember(list, { id: '1', name: 'x' }), []);
  });

  test('untrusted whispers and messages are parsed and trimmed', () => {
    assert.equal(parseTyping({ name: 'x'.repeat(100) })?.length, 64);
    assert.equal(parseTyping({ name: 5 }), undefined);
    assert.deepEqual(parseMessage({ name: 'A', body: 'hi', extra: 1 }), { name: 'A', body: 'hi' });
    assert.equal(parseMessage('<b>hi</b>'), undefined);
    assert.equal(parseMember({ id: true, name: 'A' }), undefined);
  });

  test('typing whispers are throttled', () => {
    assert.equal(mayWhisper(0, 10_000), true);
    assert.equal(mayWhisper(10_000, 10_000 + TYPING_THROTTLE_MS - 1), false);
    assert.equal(mayWhisper(10_000, 10_000 + TYPING_THROTTLE_MS), true);
  });
});

describe('classmate names', () => {
  test('say "simulated" in both languages and stay unique past the list', () => {
    assert.equal(classmateName('en', 0), 'Mei (simulated)');
    assert.equal(classmateName('zh-TW', 0), '小美（模擬）');
    assert.equal(classmateName('en', 6), 'Mei 2 (simulated)');
    const names = new Set(Array.from({ length: 30 }, (_, i) => classmateName('en', i)));
    assert.equal(names.size, 30);
    assert.equal(classmateGreeting('en', 'Mei'), "Hi, I'm Mei!");
  });
});
