/**
 * A private Redis for the run: one `redis-server` on a free loopback port, no persistence,
 * shared by the three servers (each with its own random key prefix) and killed by PID at the
 * end. A private instance keeps other users of a shared Redis out of the measurements.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { HOST, freePort } from './net-utils.mjs';
import { stopChild, track } from './processes.mjs';

/** Starts redis-server and resolves once it answers PING. */
export async function startRedis() {
  const port = await freePort();
  const child = track(
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    ),
    'redis-server',
  );
  const probe = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`redis-server on port ${port} did not answer PING: ${error}`, {
          cause: error,
        });
      }
      probe.disconnect();
      await sleep(100);
    }
  }
  probe.disconnect();
  return { port, pid: child.pid, stop: () => stopChild(child) };
}
