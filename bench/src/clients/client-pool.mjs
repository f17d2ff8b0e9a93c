/**
 * The client side of a scenario: N worker processes (client-worker.mjs) sharing the clients
 * round-robin, so that parsing Socket.IO frames is spread over the machine's cores and the
 * client side is not the bottleneck. Each request to a worker has a time limit.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild, track } from '../processes.mjs';

const WORKER = fileURLToPath(new URL('./client-worker.mjs', import.meta.url));

function createWorker(index) {
  const child = track(
    fork(WORKER, [], { serialization: 'advanced', stdio: 'inherit' }),
    `client-worker-${index}`,
  );
  const pending = new Map();
  let nextId = 0;
  child.on('message', ({ id, ok, result, error }) => {
    const waiter = pending.get(id);
    if (!waiter) return;
    pending.delete(id);
    clearTimeout(waiter.timer);
    if (ok) waiter.resolve(result);
    else waiter.reject(new Error(`client worker ${index}: ${error}`));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`client worker ${index} exited (${code ?? signal})`));
    }
    pending.clear();
  });
  return {
    request(type, args, timeoutMs) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`client worker ${index}: "${type}" took more than ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        child.send({ id, type, args });
      });
    },
    stop: () => stopChild(child),
  };
}

/** Starts `size` client workers. */
export function startClientPool(size) {
  const workers = Array.from({ length: size }, (_, i) => createWorker(i));
  const all = (type, argsFor, timeoutMs) =>
    Promise.all(workers.map((worker, i) => worker.request(type, argsFor(i), timeoutMs)));
  return {
    size,
    /**
     * Connects one client per entry of `channels` (client i subscribes to channels[i]),
     * `concurrency` connection attempts in flight per worker.
     * `measuredFor(channelsOfWorker)` tells a worker how many measured deliveries to expect.
     */
    async connect({ url, version, channels, concurrency, timeoutMs, measuredFor }) {
      const share = (i) => channels.filter((_, c) => c % size === i);
      const results = await all(
        'connect',
        (i) => ({
          url,
          version,
          channels: share(i),
          concurrency,
          timeoutMs,
          expectedMessages: measuredFor(share(i)),
        }),
        timeoutMs + 10_000,
      );
      return {
        connected: results.reduce((n, r) => n + r.connected, 0),
        failed: results.reduce((n, r) => n + r.failed, 0),
        ms: Math.max(...results.map((r) => r.ms)),
      };
    },
    async status() {
      const results = await all('status', () => ({}), 10_000);
      return {
        ready: results.reduce((n, r) => n + r.ready, 0),
        received: results.reduce((n, r) => n + r.received, 0),
        disconnects: results.reduce((n, r) => n + r.disconnects, 0),
      };
    },
    async collect() {
      const results = await all('collect', () => ({}), 30_000);
      const latencies = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
      let offset = 0;
      for (const r of results) {
        latencies.set(r.latencies, offset);
        offset += r.latencies.length;
      }
      const firsts = results.filter((r) => r.firstReceiveUs > 0);
      return {
        received: results.reduce((n, r) => n + r.received, 0),
        outOfOrder: results.reduce((n, r) => n + r.outOfOrder, 0),
        disconnects: results.reduce((n, r) => n + r.disconnects, 0),
        lastReceiveUs: Math.max(0, ...firsts.map((r) => r.lastReceiveUs)),
        latencies,
      };
    },
    close: () => all('close', () => ({}), 60_000),
    async stop() {
      for (const worker of workers) await worker.stop();
    },
  };
}
