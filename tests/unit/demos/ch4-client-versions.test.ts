/** The pure part of the ch4-client-versions demo, checked against the installed packages. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import {
  PANES,
  receivesAfter,
  versionsChannel,
} from '../../../src/components/demos/client-versions/client-versions-model.ts';

const require = createRequire(import.meta.url);

function installedVersion(pkg: string): string {
  // Some packages do not export package.json; find it next to their entry point instead.
  const entry = require.resolve(pkg);
  const root = entry.slice(
    0,
    entry.lastIndexOf(`/node_modules/${pkg}/`) + `/node_modules/${pkg}/`.length,
  );
  return (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
}

describe('client-versions model', () => {
  test('the versions shown are the versions installed', () => {
    const versions: Record<string, string> = {
      'echo1+sio2': `${installedVersion('laravel-echo-1')} ${installedVersion('socket.io-client-2')}`,
      'echo2+sio4': `${installedVersion('laravel-echo')} ${installedVersion('socket.io-client')}`,
      'echo1+sio4': `${installedVersion('laravel-echo-1')} ${installedVersion('socket.io-client')}`,
    };
    for (const pane of PANES) {
      assert.equal(`${pane.echoVersion} ${pane.clientVersion}`, versions[pane.stack], pane.id);
    }
  });

  test('who still receives: everyone after a short drop, only re-subscribing Echo after a long one', () => {
    const after = (drop: 'short' | 'long') =>
      Object.fromEntries(PANES.map((pane) => [pane.id, receivesAfter(pane, drop)]));
    assert.deepEqual(after('short'), {
      'echo1-sio2': true,
      'echo2-sio4': true,
      'echo1-sio4': true,
    });
    assert.deepEqual(after('long'), {
      'echo1-sio2': true,
      'echo2-sio4': true,
      'echo1-sio4': false,
    });
  });

  test('each page gets its own public channel name', () => {
    assert.match(
      versionsChannel(() => 0.5),
      /^versions\.[0-9a-z]+$/,
    );
    assert.notEqual(
      versionsChannel(() => 0.1),
      versionsChannel(() => 0.2),
    );
  });
});
