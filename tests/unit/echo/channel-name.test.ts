import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  channelRoom,
  channelType,
  isValidChannelName,
  isWhisperEventName,
  roomChannel,
} from '../../../server/echo/channels/channel-name.ts';

describe('channel names', () => {
  test('Laravel channel names are valid', () => {
    for (const name of [
      'news',
      'private-orders.1',
      'presence-room.5',
      'private-encrypted-x',
      'private-App.Models.User.12',
      'a_b-c=d@e,f.g;h',
    ]) {
      assert.equal(isValidChannelName(name), true, name);
    }
  });
  test('anything else is refused', () => {
    for (const name of [
      '',
      ' ',
      'a b',
      '#news',
      'news\n',
      'x'.repeat(201),
      'ünïcode',
      'a/b',
      '../x',
      'private-{id}',
    ]) {
      assert.equal(isValidChannelName(name), false, JSON.stringify(name));
    }
  });
  test('kinds come from anchored prefixes', () => {
    assert.equal(channelType('private-x'), 'private');
    assert.equal(channelType('private-encrypted-x'), 'private');
    assert.equal(channelType('presence-x'), 'presence');
    assert.equal(channelType('x-private-y'), 'public');
    assert.equal(channelType('my-presence-y'), 'public');
    assert.equal(channelType('privatex'), 'public');
  });
  test('rooms never collide with socket ids', () => {
    assert.equal(channelRoom('news'), '#news');
    assert.equal(roomChannel('#news'), 'news');
    assert.equal(roomChannel('AbC123-_xyz'), undefined);
  });
  test('whisper event names need an anchored client- prefix', () => {
    assert.equal(isWhisperEventName('client-typing'), true);
    for (const name of [
      'typing',
      'client-',
      'xclient-typing',
      'Client-typing',
      5,
      null,
      `client-${'x'.repeat(300)}`,
    ]) {
      assert.equal(isWhisperEventName(name), false, String(name));
    }
  });
});
