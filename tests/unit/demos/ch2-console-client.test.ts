/**
 * The console page's pure parts: the Up/Down history and the check of the server's answers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandHistory } from '../../../src/components/demos/redis-console/command-history.ts';
import {
  errorText,
  parseConsoleAnswer,
} from '../../../src/components/demos/redis-console/console-answer.ts';

describe('the console history', () => {
  it('walks back with Up, forward with Down, and returns to the draft', () => {
    const history = new CommandHistory();
    history.push('SET a 1');
    history.push('GET a');
    history.push('GET a');
    history.push('   ');
    assert.deepEqual(history.lines, ['SET a 1', 'GET a']);
    assert.equal(history.up('dra'), 'GET a');
    assert.equal(history.up('GET a'), 'SET a 1');
    assert.equal(history.up('SET a 1'), 'SET a 1', 'stays on the oldest');
    assert.equal(history.down(), 'GET a');
    assert.equal(history.down(), 'dra');
    assert.equal(history.down(), 'dra');
  });

  it('keeps only the newest lines', () => {
    const history = new CommandHistory(2);
    for (const line of ['a', 'b', 'c']) history.push(line);
    assert.deepEqual(history.lines, ['b', 'c']);
  });
});

describe('the console answer check', () => {
  it('accepts a well-formed answer and rejects anything else', () => {
    const answer = parseConsoleAnswer({
      kind: 'reply',
      lines: ['OK'],
      namespace: 'echo-lab:console:abc:',
      steps: [{ command: 'SET "k" "v"', request: '*3', reply: '+OK\\r\\n', housekeeping: false }],
    });
    assert.equal(answer?.lines[0], 'OK');
    assert.equal(answer?.steps.length, 1);
    assert.equal(parseConsoleAnswer({ kind: 'boom', lines: [] }), undefined);
    assert.equal(parseConsoleAnswer({ kind: 'reply', lines: [1] }), undefined);
    assert.equal(parseConsoleAnswer({ kind: 'reply', lines: [], steps: [{}] }), undefined);
    assert.equal(parseConsoleAnswer('nope'), undefined);
    assert.equal(errorText({ error: 'Slow down' }), 'Slow down');
    assert.equal(errorText({}), undefined);
  });
});
