/**
 * Preloaded into every server under test alike (ours, laravel-echo-server, the ceiling) with
 * `node --expose-gc --import memory-probe.mjs`. On SIGUSR2 it runs two full garbage
 * collections, waits for freed pages to go back to the system, and appends one JSON line of
 * `process.memoryUsage()` to the file named by ECHO_BENCH_MEMORY_FILE. The benchmark reads
 * memory per connection this way too, so that the figure shows what the connections keep,
 * not when the collector last ran. It touches nothing else in the server.
 */
import { appendFileSync } from 'node:fs';

const file = process.env.ECHO_BENCH_MEMORY_FILE;
const collect = globalThis.gc;
if (file && typeof collect === 'function') {
  process.on('SIGUSR2', () => {
    collect();
    collect();
    setTimeout(() => {
      const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
      appendFileSync(file, `${JSON.stringify({ rss, heapUsed, external, arrayBuffers })}\n`);
    }, 300).unref();
  });
}
