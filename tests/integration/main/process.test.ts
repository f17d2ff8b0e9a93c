/**
 * `server/main.ts` run as the process `npm start` runs: it reads the environment, says where
 * it listens, shuts down cleanly on SIGTERM with a client connected, and explains a bad
 * start (port in use, bad variable) with exit code 1.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connectClient } from '../../helpers/echo-clients.ts';
import { randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';
import { createDistFixture } from './site-fixture.ts';

const MAIN = fileURLToPath(new URL('../../../server/main.ts', import.meta.url));
const START = fileURLToPath(new URL('../../../scripts/start.mjs', import.meta.url));
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function runMain(env: Record<string, string>, argv = ['--import', 'tsx', MAIN]): Run {
  const child = spawn(process.execPath, argv, {
    env: { PATH: process.env['PATH'] ?? '', REDIS_URL, LOG_FORMAT: 'pretty', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => text, exited };
}

after(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('the server process', { timeout: 90_000 }, () => {
  it('prints its URL, serves, and stops cleanly on SIGTERM with a client connected', async () => {
    const dist = await createDistFixture();
    try {
      const run = runMain({ PORT: '0', REDIS_PREFIX: randomPrefix(), DIST_DIR: dist.dir });
      const url = await waitFor(
        () => /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())?.[1],
        'the start-up line',
        30_000,
      );
      assert.equal((await fetch(`${url}/`)).status, 200);
      const client = await connectClient('echo2+sio4', url, {
        options: { transports: ['websocket'], reconnection: false },
      });
      const disconnected = new Promise<void>((resolve) =>
        client.socket.once('disconnect', () => resolve()),
      );
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
      await disconnected;
      client.close();
      assert.match(run.output(), /SIGTERM received: shutting down/);
      assert.match(run.output(), /Stopped/);
    } finally {
      await dist.remove();
    }
  });

  it('runs under npm start and passes Ctrl+C on to the server', async () => {
    const dist = await createDistFixture();
    try {
      // --no-build: the test must never start an astro build.
      const run = runMain({ PORT: '0', REDIS_PREFIX: randomPrefix(), DIST_DIR: dist.dir }, [
        START,
        '--no-build',
      ]);
      const url = await waitFor(
        () => /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())?.[1],
        'the start-up line',
        30_000,
      );
      assert.equal((await fetch(`${url}/health`)).status, 200);
      run.child.kill('SIGINT');
      assert.equal(await run.exited, 0);
      assert.match(run.output(), /SIGINT received: shutting down/);
      assert.match(run.output(), /Stopped/);
    } finally {
      await dist.remove();
    }
  });

  it('explains a port in use and exits with 1', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = runMain({ PORT: String(port), REDIS_PREFIX: randomPrefix() });
      assert.equal(await run.exited, 1);
      assert.match(
        run.output(),
        new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`),
      );
      assert.match(run.output(), /set PORT to a free one/);
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('names a bad variable and exits with 1', async () => {
    const run = runMain({ PORT: 'eighty' });
    assert.equal(await run.exited, 1);
    assert.match(run.output(), /Invalid environment: PORT/);
  });
});
