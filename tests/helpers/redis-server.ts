/**
 * A private `redis-server` on a free port for fault tests: killed and restarted by the test,
 * stopped by PID at the end. Never touches the shared Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createTestRedis } from './redis.ts';
import { waitFor } from './wait.ts';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A private Redis. */
export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops it abruptly (SIGKILL). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it for good (cleanup). */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free port, without persistence. With `{ start: false }` it only
 * reserves the port (a Redis that is down), to be started later with `start()`.
 */
export async function startPrivateRedis(options: { start?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const probe = createTestRedis(url);
    try {
      await waitFor(
        async () => (await probe.ping().catch(() => '')) === 'PONG',
        `redis-server on port ${port}`,
      );
    } finally {
      probe.disconnect();
    }
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGKILL');
    await exited;
  };
  if (options.start !== false) await start();
  return { port, url, kill, start, stop: kill };
}
