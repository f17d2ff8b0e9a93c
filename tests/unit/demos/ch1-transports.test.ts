/**
 * The pure parts of `ch1-transports`: what each Engine.IO packet means and the client code the
 * reader's switch amounts to.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PacketCounts,
  clientCode,
  packetMeaning,
  transportsFor,
} from '../../../src/components/demos/transports/transports-model.ts';

describe('ch1-transports model', () => {
  it('names the Engine.IO packets a connection shows, probes apart from heartbeats', () => {
    const cases: [string, string][] = [
      ['0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000}', 'open'],
      ['2probe', 'probe'],
      ['3probe', 'probe_answer'],
      ['2', 'ping'],
      ['3', 'pong'],
      ['5', 'upgrade'],
      ['6', 'noop'],
      ['1', 'close'],
      ['40/demo-transports,', 'sio_connect'],
      ['40/demo-transports,{"sid":"x"}', 'sio_connect'],
      ['42/demo-transports,["tick",{"n":1}]', 'sio_event'],
      ['42/demo-transports,0["echo",{"text":"hi"}]', 'sio_event'],
      ['43/demo-transports,0[{"ok":true}]', 'sio_ack'],
      ['41/demo-transports,', 'sio_disconnect'],
      ['44/demo-transports,{"message":"no"}', 'sio_error'],
      ['4x', 'message'],
      ['', 'message'],
    ];
    for (const [text, meaning] of cases) assert.equal(packetMeaning(text), meaning, text);
  });

  it('shows the same code with and without WebSocket, only the transports differ', () => {
    assert.deepEqual(transportsFor(true), ['polling', 'websocket']);
    assert.deepEqual(transportsFor(false), ['polling']);
    const both = clientCode(true).split('\n');
    const polling = clientCode(false).split('\n');
    assert.equal(both[1], "  transports: ['polling', 'websocket'],");
    assert.equal(polling[1], "  transports: ['polling'],");
    assert.deepEqual(
      both.filter((_, i) => i !== 1),
      polling.filter((_, i) => i !== 1),
    );
  });

  it('counts packets per transport', () => {
    const counts = new PacketCounts();
    counts.add('polling');
    counts.add('polling');
    counts.add('websocket');
    assert.equal(counts.get('polling'), 2);
    assert.equal(counts.get('websocket'), 1);
    counts.clear();
    assert.equal(counts.get('polling'), 0);
  });
});
