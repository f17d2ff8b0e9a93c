/**
 * The pub/sub page's pure parts: the panes it starts with and the check of what the server
 * pushes over the event stream.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_PANES,
  paneCommand,
  parsePaneMessage,
  parseReady,
  parseSteps,
} from '../../../src/components/demos/pubsub/pubsub-model.ts';

describe('the pub/sub panes', () => {
  it('start with one exact channel, one pattern and one channel that does not match', () => {
    assert.deepEqual(DEFAULT_PANES.map(paneCommand), [
      'SUBSCRIBE chat.lobby',
      'PSUBSCRIBE chat.*',
      'SUBSCRIBE news',
    ]);
    assert.equal(paneCommand({ mode: 'none', target: 'x' }), '');
  });
});

describe('what the event stream carries', () => {
  it('accepts a message and a pmessage, refuses anything else', () => {
    const message = parsePaneMessage(
      JSON.stringify({
        pane: 1,
        kind: 'pmessage',
        pattern: 'chat.*',
        channel: 'chat.lobby',
        message: 'hi',
        resp: '*4',
      }),
    );
    assert.equal(message?.pattern, 'chat.*');
    assert.equal(
      parsePaneMessage(
        JSON.stringify({ pane: 1, kind: 'subscribe', channel: 'x', message: '', resp: '' }),
      ),
      undefined,
    );
    assert.equal(parsePaneMessage('{broken'), undefined);
    assert.equal(parsePaneMessage(JSON.stringify({ pane: '1', kind: 'message' })), undefined);
  });

  it('reads the ready event and the commands of an answer', () => {
    assert.deepEqual(parseReady('{"session":"s1","namespace":"ns:"}'), {
      session: 's1',
      namespace: 'ns:',
    });
    assert.equal(parseReady('{"namespace":"ns:"}'), undefined);
    assert.deepEqual(
      parseSteps({ step: { command: 'PUBLISH "a" "b"', request: '*3', reply: ':1' } }),
      [{ command: 'PUBLISH "a" "b"', request: '*3', reply: ':1' }],
    );
    assert.deepEqual(parseSteps({ steps: [{ command: 1 }] }), []);
    assert.deepEqual(parseSteps(null), []);
  });
});
