/**
 * Preloaded into every server under test alike (ours, laravel-echo-server, the ceiling) with
 * `node --expose-gc --import memory-probe.mjs`. On SIGUSR2 it runs V8's last-resort garbage
 * collection (the one it runs before giving up on memory: full collections until nothing more
 * is freed, and the young generation shrunk to its minimum), waits for freed pages to go back
 * to the system, and appends one JSON line of `process.memoryUsage()` to the file named by
 * ECHO_BENCH_MEMORY_FILE. The benchmark reads memory per connection this way too, so that the
 * figure shows what the connections keep, not when the collector last ran nor how large V8 has
 * grown its young generation (a buffer of tens of MB whose size follows allocation heuristics,
 * whatever the connections keep). It touches nothing else in the server.
 */
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.ECHO_BENCH_MEMORY_FILE;
const collect = globalThis.gc;
if (file && typeof collect === 'function') {
  process.on('SIGUSR2', () => {
    collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    setTimeout(() => {
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      // Committed bytes per V8 space: shows how much of the RSS is the young generation.
      const spaces = Object.fromEntries(
        getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]),
      );
      const line = { rss, heapUsed, heapTotal, external, arrayBuffers, spaces };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    }, 300).unref();
  });
}
