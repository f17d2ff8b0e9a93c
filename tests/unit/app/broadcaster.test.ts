import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildPublishCommand,
  encodePayload,
  NOTIFICATION_EVENT,
  notificationMessage,
  PUBLISH_SCRIPT,
} from '../../../server/app/broadcaster.ts';

// The expected bytes are what Laravel's RedisBroadcaster sends for the same event
// (PROTOCOL.md section 1): json_encode of event, data (with socket merged in) and socket.
describe('the broadcaster writes what Laravel writes', () => {
  it('encodes event, data and socket, with socket also inside data', () => {
    const payload = encodePayload({
      channels: ['private-order.1'],
      event: 'App\\Events\\OrderShipped',
      data: { orderId: 1, url: '/orders/1' },
    });
    assert.equal(
      payload,
      '{"event":"App\\\\Events\\\\OrderShipped","data":{"orderId":1,"url":"\\/orders\\/1","socket":null},"socket":null}',
    );
  });

  it('carries the X-Socket-ID of a toOthers() broadcast in both places', () => {
    const payload = encodePayload({
      channels: ['news'],
      event: 'NewsPosted',
      data: { title: '頻道' },
      socket: 'abc-123',
    });
    assert.equal(
      payload,
      '{"event":"NewsPosted","data":{"title":"\\u983b\\u9053","socket":"abc-123"},"socket":"abc-123"}',
    );
  });

  it('turns a list payload into an object as array_merge does', () => {
    assert.equal(
      encodePayload({ channels: ['news'], event: 'E', data: ['a', 'b'] }),
      '{"event":"E","data":{"0":"a","1":"b","socket":null},"socket":null}',
    );
    assert.equal(
      encodePayload({ channels: ['news'], event: 'E', data: [] }),
      '{"event":"E","data":{"socket":null},"socket":null}',
    );
  });

  it("builds Laravel's EVAL: no keys, the payload, then every prefixed channel", () => {
    const command = buildPublishCommand(
      { channels: ['private-order.1', 'presence-chat.1'], event: 'E', data: {} },
      'laravel_database_',
    );
    assert.equal(command.script, PUBLISH_SCRIPT);
    assert.match(
      command.script,
      /^for i = 2, #ARGV do\s+redis\.call\('publish', ARGV\[i\], ARGV\[1\]\)\s+end$/,
    );
    assert.equal(command.numkeys, 0);
    assert.deepEqual(command.args, [
      '{"event":"E","data":{"socket":null},"socket":null}',
      'laravel_database_private-order.1',
      'laravel_database_presence-chat.1',
    ]);
  });

  it('uses no prefix when the app has none (REDIS_PREFIX=)', () => {
    assert.deepEqual(
      buildPublishCommand({ channels: ['news'], event: 'E', data: {} }, '').args.slice(1),
      ['news'],
    );
  });

  it('makes a notification BroadcastNotificationCreated on the user channel', () => {
    const message = notificationMessage({
      userId: 2,
      id: '6f1c2c5e-0000-4000-8000-000000000000',
      type: 'App\\Notifications\\InvoicePaid',
      data: { amount: 30 },
    });
    assert.deepEqual(message.channels, ['private-App.Models.User.2']);
    assert.equal(message.event, NOTIFICATION_EVENT);
    assert.equal(
      encodePayload(message),
      '{"event":"Illuminate\\\\Notifications\\\\Events\\\\BroadcastNotificationCreated",' +
        '"data":{"amount":30,"id":"6f1c2c5e-0000-4000-8000-000000000000","type":"App\\\\Notifications\\\\InvoicePaid","socket":null},' +
        '"socket":null}',
    );
  });
});
