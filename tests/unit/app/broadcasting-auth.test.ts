import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizeChannel } from '../../../server/app/broadcasting-auth.ts';
import { ChannelRules } from '../../../server/app/channel-rules.ts';
import { createTutorialChannels } from '../../../server/app/channels.ts';
import { createGuest, DEMO_USERS } from '../../../server/app/users.ts';

const [alice, bob] = DEMO_USERS;
if (alice === undefined || bob === undefined) throw new Error('demo users missing');
const rules = createTutorialChannels();

// The bodies and statuses below are the ones Laravel's RedisBroadcaster and exception
// handler give (PROTOCOL.md section 2).
describe('/broadcasting/auth answers like Laravel', () => {
  it('answers a private channel the rule allows with 200 and the body true', async () => {
    const answer = await authorizeChannel(rules, alice, 'private-order.1');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'true');
    assert.equal(answer.contentType, 'text/html; charset=UTF-8');
  });

  it('answers a refused private channel with 403 and an empty message', async () => {
    const answer = await authorizeChannel(rules, bob, 'private-order.1');
    assert.equal(answer.status, 403);
    assert.equal(answer.body, '{"message":""}');
  });

  it('answers a presence channel with channel_data', async () => {
    const answer = await authorizeChannel(rules, bob, 'presence-chat.1');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '{"channel_data":{"user_id":2,"user_info":{"id":2,"name":"Bob"}}}');
  });

  it('writes user info with json_encode escapes', async () => {
    const zh = new ChannelRules().define('room.{id}', (user) => ({
      name: user.nameZh,
      site: 'a/b',
    }));
    const answer = await authorizeChannel(zh, bob, 'presence-room.1');
    assert.equal(
      answer.body,
      '{"channel_data":{"user_id":2,"user_info":{"name":"\\u5c0f\\u535a","site":"a\\/b"}}}',
    );
    assert.deepEqual(JSON.parse(answer.body), {
      channel_data: { user_id: 2, user_info: { name: '小博', site: 'a/b' } },
    });
  });

  it('refuses a channel that no rule matches, as with the source document example', async () => {
    // Its rule is `first-channel`; the channel it subscribes to is `private-order.{id}`.
    const onlyFirst = new ChannelRules().define('first-channel', (user) => user.id === 1);
    assert.equal((await authorizeChannel(onlyFirst, alice, 'private-order.1')).status, 403);
    assert.equal((await authorizeChannel(onlyFirst, alice, 'private-first-channel')).body, 'true');
  });

  it('answers 401 when nobody is logged in', async () => {
    const answer = await authorizeChannel(rules, undefined, 'private-order.1');
    assert.equal(answer.status, 401);
    assert.equal(answer.body, '{"message":"Unauthenticated."}');
  });

  it('refuses an empty channel name', async () => {
    assert.equal((await authorizeChannel(rules, alice, '')).status, 403);
  });

  it('treats PHP-falsy results as a refusal and a throwing rule as one too', async () => {
    const odd = new ChannelRules()
      .define('zero', () => 0)
      .define('empty', () => [])
      .define('null', () => null)
      .define('throws', () => {
        throw new Error('database down');
      });
    for (const name of ['zero', 'empty', 'null', 'throws']) {
      assert.equal((await authorizeChannel(odd, alice, `private-${name}`)).status, 403, name);
    }
  });

  it('answers channel_data for a non-boolean result even on a private channel, as Laravel does', async () => {
    const answer = await authorizeChannel(rules, alice, 'private-chat.1');
    assert.equal(answer.body, '{"channel_data":{"user_id":1,"user_info":{"id":1,"name":"Alice"}}}');
  });

  it('handles private-encrypted- channels as private ones', async () => {
    assert.equal((await authorizeChannel(rules, alice, 'private-encrypted-order.2')).body, 'true');
  });

  it('knows guests by the name they chose', async () => {
    const guest = createGuest('  Mei\u0007 ');
    const answer = await authorizeChannel(rules, guest, 'presence-chat.7');
    assert.deepEqual(JSON.parse(answer.body), {
      channel_data: { user_id: guest.id, user_info: { id: guest.id, name: 'Mei' } },
    });
  });
});
