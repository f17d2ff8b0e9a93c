/**
 * Small network helpers: a free loopback port, and waiting until a server answers.
 * All traffic of the benchmark stays on 127.0.0.1.
 */
import { get } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const HOST = '127.0.0.1';

/** A TCP port that was free a moment ago (each server start gets a fresh one). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}

/**
 * Polls `url` until it answers 200, the child exits, or `timeoutMs` passes.
 * @returns {Promise<void>}
 */
export async function waitForHttp200(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
    }
    if ((await httpStatus(url)) === 200) return;
    await sleep(100);
  }
  throw new Error(`no 200 from ${url} within ${timeoutMs} ms`);
}
