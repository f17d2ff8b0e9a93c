/**
 * User-space instructions per delivery, counted by valgrind's callgrind: a figure that
 * does not drift with the machine's load, unlike CPU time (interleaved-cpu.mjs). It does move
 * with the state V8's compilers left the code in after the warm-up: the same relay counted
 * 24.3k per delivery in two runs and 32.8k to 34.5k in three others. So run each server more
 * than once (a server may be named several times in --servers) and compare like with like.
 *
 * Each server in turn runs under `valgrind --tool=callgrind` with counting off; its clients
 * connect and subscribe, a warm-up publishes messages until the JIT has settled, then counting
 * is switched on (`callgrind_control`) for two windows:
 *   1. idle: no messages, for a few seconds: what the server spends per second on its own
 *      (heartbeats, timers, garbage collection);
 *   2. busy: the measured messages, at the given rate.
 * Each window starts right after a full garbage collection (the memory probe's, counted out).
 * The figure compared is the busy window's instructions on the main thread (the event loop:
 * JavaScript, builtins, libuv, the main thread's share of GC) divided by the deliveries.
 * Beside it: the same less the idle rate times the busy window's length (closer to the cost of
 * the deliveries alone, but it moves with whether a major GC fell in the short idle window),
 * and all threads (V8's concurrent compiler and GC helpers too, which vary more). Kernel work is
 * not counted: a syscall costs the same count whatever it does inside the kernel.
 *
 * The default shape is the fan-out of the "200 channels" scenario (10 clients per channel) at
 * a tenth of its size and a twentieth of its rate: under callgrind a server runs ~50 times
 * slower. At that rate the idle costs weigh more per delivery than in the real scenario.
 *
 * Usage: node src/instructions.mjs [--servers ceiling,ours,les] [--clients 200]
 *        [--channels 20] [--warmup 3000] [--messages 1000] [--rate 20] [--idle-seconds 10]
 *        [--keep]   (keeps the callgrind dumps, for callgrind_annotate)
 *        [--server-node-arg ARG …]   (e.g. --perf-basic-prof, to name JIT code in the dumps)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { startClientPool } from './clients/client-pool.mjs';
import { pinBenchProcess } from './cpu-pinning.mjs';
import { installCleanup, stopAll } from './processes.mjs';
import { createPublisher } from './publisher.mjs';
import { startRedis } from './redis-server.mjs';
import {
  planScenario,
  publishMeasured,
  waitForDeliveries,
  waitUntilSubscribed,
} from './run-scenario.mjs';
import { SERVERS } from './servers/server-handle.mjs';
import { versions } from './versions.mjs';
import { setServerCpus, setServerNodeArgs, setServerWrapper } from './servers/launch-server.mjs';

const { values: args } = parseArgs({
  options: {
    servers: { type: 'string', default: 'ceiling,ours,les' },
    clients: { type: 'string', default: '200' },
    channels: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3000' },
    messages: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '20' },
    'idle-seconds': { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    'server-node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const count = (name) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive whole number, not "${args[name]}"`);
    process.exit(2);
  }
  return value;
};
const settings = {
  clients: count('clients'),
  channels: count('channels'),
  warmup: count('warmup'),
  messages: count('messages'),
  rate: count('rate'),
  idleSeconds: count('idle-seconds'),
};
const serverIds = args.servers.split(',');
const servers = serverIds.map((id) => {
  const server = SERVERS.find((s) => s.id === id);
  if (!server) {
    console.error(`--servers: no server "${id}"; known: ${SERVERS.map((s) => s.id).join(', ')}`);
    process.exit(2);
  }
  return server;
});

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('valgrind is not installed (Debian: apt-get install valgrind).');
  process.exit(2);
}

const RUN_LIMIT_MS = 60 * 60_000;
installCleanup();
const watchdog = setTimeout(() => {
  console.error(`The run exceeded its ${RUN_LIMIT_MS / 60_000} min limit; stopping everything.`);
  void stopAll().finally(() => process.exit(1));
}, RUN_LIMIT_MS);

const startedAt = Date.now();
const log = (line) =>
  console.error(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** Runs callgrind_control on the server's process; it answers once the server is scheduled. */
const control = (pid, ...options) =>
  execFileSync('callgrind_control', [...options, String(pid)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });

/**
 * Dumps the counters since the last zeroing and returns the instructions (Ir) counted: on the
 * main thread (the event loop: JavaScript, builtins, the main thread's share of GC) and on all
 * threads (V8's concurrent compiler and GC helpers too). With `--separate-threads=yes` each
 * dump is one file per thread, `callgrind.<pid>.<n>-<thread>`; thread 1 is the main thread.
 */
function dumpInstructions(dir, pid) {
  const before = new Set(readdirSync(dir));
  control(pid, '--dump');
  const fresh = readdirSync(dir).filter((f) => f.startsWith(`callgrind.${pid}.`) && !before.has(f));
  if (fresh.length === 0) throw new Error('callgrind wrote no dump');
  let main = 0;
  let all = 0;
  for (const file of fresh) {
    const totals = /^(?:totals|summary):\s+(\d+)/m.exec(readFileSync(join(dir, file), 'utf8'));
    if (!totals) throw new Error(`no totals in ${file}`);
    all += Number(totals[1]);
    if (file.endsWith('-01')) main += Number(totals[1]);
  }
  return { main, all };
}

setServerNodeArgs(args['server-node-arg']);
const pinning = pinBenchProcess();
setServerCpus(pinning.serverCpus);
const workDir = mkdtempSync(join(tmpdir(), 'echo-lab-instructions-'));
setServerWrapper([
  'valgrind',
  '--tool=callgrind',
  '--instr-atstart=no',
  '--separate-threads=yes',
  `--callgrind-out-file=${join(workDir, 'callgrind.%p')}`,
]);
const redis = await startRedis();
const publisher = createPublisher(redis.port);
const scenario = {
  id: 'instructions',
  clients: settings.clients,
  channels: settings.channels,
  messages: settings.warmup + settings.messages,
  ratePerSecond: settings.rate,
};
const results = [];
let failed = false;
try {
  log(
    `${settings.clients} clients over ${settings.channels} channels; warm-up ${settings.warmup} messages, ` +
      `idle ${settings.idleSeconds} s, ${settings.messages} measured messages at ${settings.rate}/s`,
  );
  for (const serverDef of servers) {
    const plan = planScenario(scenario);
    const server = await serverDef.start({
      redisPort: redis.port,
      keyPrefix: plan.keyPrefix,
      workDir,
    });
    const pool = startClientPool(2);
    try {
      log(`${serverDef.id}: started under callgrind (pid ${server.pid})`);
      const connect = await pool.connect({
        url: server.url,
        version: server.clientVersion,
        channels: plan.clientChannels,
        concurrency: 50,
        timeoutMs: 600_000,
        measuredFor: plan.measuredFor,
      });
      const ready = await waitUntilSubscribed(
        pool,
        publisher,
        plan.keyPrefix,
        plan.channels,
        connect.connected,
        server,
      );
      if (ready < settings.clients) {
        throw new Error(`${ready} of ${settings.clients} clients subscribed`);
      }
      const warmRate = { ...scenario, ratePerSecond: Math.max(settings.rate, 50) };
      await publishMeasured(publisher, plan.keyPrefix, warmRate, plan.channels, 0, settings.warmup);
      await waitForDeliveries(pool, plan.deliveriesOf(0, settings.warmup), server);
      log(`${serverDef.id}: ${ready} clients subscribed, warmed up`);

      // Each window starts right after a full collection (the memory probe's last-resort GC,
      // run with counting off), so that whether a major GC falls into a window depends on
      // what the window itself allocates, not on what came before it.
      await server.settledMemory();
      control(server.pid, '--instr=on');
      control(server.pid, '--zero');
      let windowStart = process.hrtime.bigint();
      await sleep(settings.idleSeconds * 1000);
      const idle = dumpInstructions(workDir, server.pid);
      const idleSeconds = Number(process.hrtime.bigint() - windowStart) / 1e9;
      const idleRate = (of) => idle[of] / idleSeconds;

      control(server.pid, '--instr=off');
      await server.settledMemory();
      control(server.pid, '--instr=on');
      control(server.pid, '--zero');
      windowStart = process.hrtime.bigint();
      await publishMeasured(
        publisher,
        plan.keyPrefix,
        scenario,
        plan.channels,
        settings.warmup,
        settings.messages,
      );
      const expected = plan.deliveriesOf(0, settings.warmup + settings.messages);
      await waitForDeliveries(pool, expected, server);
      const busy = dumpInstructions(workDir, server.pid);
      const busySeconds = Number(process.hrtime.bigint() - windowStart) / 1e9;
      control(server.pid, '--instr=off');
      const { received } = await pool.status();
      const deliveries = plan.deliveriesOf(settings.warmup, settings.messages);
      const result = {
        id: serverDef.id,
        label: serverDef.label,
        deliveries,
        lost: Math.max(0, expected - received),
        busySeconds,
        /** Main thread, busy window: the figure compared. */
        perDelivery: busy.main / deliveries,
        lessIdlePerDelivery: (busy.main - idleRate('main') * busySeconds) / deliveries,
        allThreadsPerDelivery: busy.all / deliveries,
        idlePerSecond: idleRate('main'),
      };
      results.push(result);
      log(
        `${serverDef.id}: ${Math.round(result.perDelivery)} instructions per delivery ` +
          `(less idle ${Math.round(result.lessIdlePerDelivery)}, idle ` +
          `${Math.round(result.idlePerSecond)}/s, ${result.lost} lost)`,
      );
    } catch (error) {
      failed = true;
      log(`${serverDef.id}: ${error.message}`);
    } finally {
      await pool.close().catch(() => {});
      await pool.stop();
      await server.stop();
    }
  }
} finally {
  clearTimeout(watchdog);
  await publisher.close();
  await redis.stop();
  if (args.keep) log(`callgrind dumps kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}

const resultsDir = new URL('../results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const resultsFile = new URL(
  `instructions-${new Date(startedAt).toISOString().replace(/[:.]/g, '-')}.json`,
  resultsDir,
);
writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      startedAt: new Date(startedAt),
      machine: `${cpus().length} cores, Node ${process.version}`,
      versions: versions(),
      settings,
      results,
    },
    null,
    2,
  )}\n`,
);
log(`raw results: ${resultsFile.pathname}`);

const thousands = (n) => Math.round(n).toLocaleString('en-US');
/** Per server: the lowest main-thread count of its runs (the best-compiled state reached). */
const lowest = new Map();
for (const r of results) lowest.set(r.id, Math.min(lowest.get(r.id) ?? Infinity, r.perDelivery));
const ratio = (a, b) => (a !== undefined && b !== undefined ? (a / b).toFixed(3) : '—');
console.log(
  `\nUser-space instructions per delivery (callgrind), ${settings.clients} clients over ` +
    `${settings.channels} channels, ${settings.messages} messages at ${settings.rate}/s after ` +
    `${settings.warmup} warm-up messages:\n`,
);
console.log(
  '| server | deliveries | lost | main thread, per delivery | less idle, per delivery | all threads, per delivery | idle, per second |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${r.deliveries} | ${r.lost} | ${thousands(r.perDelivery)} | ` +
      `${thousands(r.lessIdlePerDelivery)} | ${thousands(r.allThreadsPerDelivery)} | ` +
      `${thousands(r.idlePerSecond)} |`,
  );
}
console.log('\nLowest main-thread count per server, over its runs:\n');
console.log('| server | runs | lowest | ÷ ceiling | ours ÷ this |');
console.log('|---|--:|--:|--:|--:|');
for (const [id, value] of lowest) {
  const runs = results.filter((r) => r.id === id);
  console.log(
    `| ${runs[0].label} | ${runs.length} | ${thousands(value)} | ` +
      `${ratio(value, lowest.get('ceiling'))} | ${id === 'ours' ? '—' : ratio(lowest.get('ours'), value)} |`,
  );
}
process.exit(failed ? 1 : 0);
