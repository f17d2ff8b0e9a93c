import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ChannelRules,
  compilePattern,
  parseChannelName,
} from '../../../server/app/channel-rules.ts';
import { createTutorialChannels } from '../../../server/app/channels.ts';
import { DEMO_USERS } from '../../../server/app/users.ts';

const [alice, bob] = DEMO_USERS;
if (alice === undefined || bob === undefined) throw new Error('demo users missing');

describe('channel names', () => {
  it('strips the kind prefix as Laravel does', () => {
    assert.deepEqual(parseChannelName('private-order.1'), { kind: 'private', name: 'order.1' });
    assert.deepEqual(parseChannelName('presence-chat.5'), { kind: 'presence', name: 'chat.5' });
    assert.deepEqual(parseChannelName('private-encrypted-order.1'), {
      kind: 'private',
      name: 'order.1',
    });
    assert.deepEqual(parseChannelName('news'), { kind: 'public', name: 'news' });
  });

  it('only strips a prefix at the start', () => {
    assert.deepEqual(parseChannelName('news.private-1'), {
      kind: 'public',
      name: 'news.private-1',
    });
  });
});

describe('patterns like Broadcast::channel()', () => {
  it('matches one dot-free segment per parameter, anchored at both ends', () => {
    const regex = compilePattern('order.{orderId}');
    assert.deepEqual(regex.exec('order.15')?.slice(1), ['15']);
    assert.equal(regex.test('order.15.items'), false);
    assert.equal(regex.test('xorder.15'), false);
    assert.equal(regex.test('order.'), false);
    assert.equal(regex.test('orderX15'), false, 'the dot is literal');
  });

  it('passes several parameters in order', async () => {
    const rules = new ChannelRules().define(
      'team.{teamId}.room.{roomId}',
      (_user, teamId, roomId) => ({
        teamId: teamId ?? '',
        roomId: roomId ?? '',
      }),
    );
    const match = rules.match('team.7.room.lobby');
    assert.deepEqual(match?.params, ['7', 'lobby']);
    assert.deepEqual(await match?.callback(alice, ...(match?.params ?? [])), {
      teamId: '7',
      roomId: 'lobby',
    });
  });

  it('lets the first matching rule decide', () => {
    const rules = new ChannelRules()
      .define('room.{id}', () => true)
      .define('room.{name}', () => false);
    assert.equal(rules.match('room.1')?.pattern, 'room.{id}');
  });

  it('finds nothing for a channel no rule names', () => {
    assert.equal(createTutorialChannels().match('orders.1'), undefined);
  });
});

describe("the tutorial's routes/channels.php", () => {
  const rules = createTutorialChannels();
  const decide = async (user: typeof alice, name: string): Promise<unknown> => {
    const match = rules.match(name);
    return match === undefined ? undefined : match.callback(user, ...match.params);
  };

  it('lets a user follow only their own orders', async () => {
    assert.equal(await decide(alice, 'order.1'), true);
    assert.equal(await decide(bob, 'order.1'), false);
    assert.equal(await decide(bob, 'order.3'), true);
    assert.equal(await decide(bob, 'order.999'), false);
  });

  it('keeps first-channel for user 1, as the source document wrote it', async () => {
    assert.equal(await decide(alice, 'first-channel'), true);
    assert.equal(await decide(bob, 'first-channel'), false);
  });

  it('answers presence rooms with id and name', async () => {
    assert.deepEqual(await decide(bob, 'chat.lobby'), { id: 2, name: 'Bob' });
  });

  it('gives each user their own notification channel', async () => {
    assert.equal(await decide(alice, 'App.Models.User.1'), true);
    assert.equal(await decide(alice, 'App.Models.User.2'), false);
  });
});
