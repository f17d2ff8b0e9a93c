/**
 * The benchmark of issue 2: our echo server, laravel-echo-server 1.6.3 and a minimal
 * Socket.IO 4 relay (the ceiling), side by side in one run on one private Redis.
 * First the 10,000-connection check on our server; then each repetition runs every scenario
 * against every server, in a rotating order; the report gives medians over the repetitions.
 * Last, per scenario, the interleaved CPU comparison (interleaved-cpu.mjs), all servers at once.
 *
 * Usage: node src/main.mjs [--quick] [--reps N] [--servers ceiling,ours,les,…]
 *        [--scenarios fanout,channels,…] [--no-held] [--keep] [--no-pin] [--server-node-arg ARG …]
 * Each server under test runs alone on one CPU, the clients and Redis on the others
 * (cpu-pinning.mjs); `--no-pin` lets them all share every CPU.
 * `--server-node-arg` passes an option to the `node` of every server under test, e.g.
 * `--server-node-arg=--cpu-prof --server-node-arg=--cpu-prof-dir=/tmp/prof` to profile them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pinBenchProcess } from './cpu-pinning.mjs';
import { installCleanup, stopAll } from './processes.mjs';
import { PROFILES } from './profiles.mjs';
import { createPublisher } from './publisher.mjs';
import { startRedis } from './redis-server.mjs';
import { renderReport } from './report.mjs';
import { runInterleavedCpu } from './interleaved-cpu.mjs';
import { runScenario } from './run-scenario.mjs';
import { SERVERS } from './servers/server-handle.mjs';
import { setServerCpus, setServerNodeArgs } from './servers/launch-server.mjs';
import { versions } from './versions.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    reps: { type: 'string' },
    servers: { type: 'string' },
    scenarios: { type: 'string' },
    'server-node-arg': { type: 'string', multiple: true, default: [] },
    'no-held': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
  },
});

const profileName = args.quick ? 'quick' : 'full';
const fullProfile = PROFILES[profileName];
const scenarioIds = args.scenarios ? args.scenarios.split(',') : undefined;
const profile = scenarioIds
  ? {
      ...fullProfile,
      scenarios: fullProfile.scenarios.filter((s) => scenarioIds.includes(s.id)),
    }
  : fullProfile;
if (profile.scenarios.length === 0) {
  console.error(`--scenarios names none of: ${fullProfile.scenarios.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
setServerNodeArgs(args['server-node-arg']);
// Before Redis and the client workers start, so that they inherit the bench's CPUs.
const pinning = args['no-pin'] ? { unpinned: '--no-pin' } : pinBenchProcess();
setServerCpus(pinning.serverCpus);
// `--reps 0`: only the interleaved CPU comparison.
const repetitions = args.reps ? Math.max(0, Number(args.reps)) : profile.repetitions;
const serverIds = args.servers ? args.servers.split(',') : profile.servers;
const servers = SERVERS.filter((s) => serverIds.includes(s.id));
const RUN_LIMIT_MS = args.quick ? 5 * 60_000 : 60 * 60_000;

installCleanup();
const watchdog = setTimeout(() => {
  console.error(`The run exceeded its ${RUN_LIMIT_MS / 60_000} min limit; stopping everything.`);
  void stopAll().finally(() => process.exit(1));
}, RUN_LIMIT_MS);

const startedAt = new Date();
const workDir = mkdtempSync(join(tmpdir(), 'echo-lab-bench-'));
const log = (line) =>
  console.error(
    `[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`,
  );

function describe(run) {
  if (run.error) return `FAILED: ${run.error.split('\n')[0]}`;
  const f = (v, d = 1) => (v == null ? '—' : v.toFixed(d));
  return (
    `${run.connected}/${run.clients} connected, ${run.received}/${run.expected} received, ` +
    `${f(run.deliveriesPerSecond, 0)}/s, p50 ${f(run.p50Ms)} ms, p99 ${f(run.p99Ms)} ms, ` +
    `${f(run.cpuMicrosPerDelivery)} µs CPU/delivery (user ${f(run.userCpuMicrosPerDelivery)}), ` +
    `${f(run.settledKbPerConnection)} KB/conn after GC (heap ${f(run.heapKbPerConnection)}, as found ${f(run.kbPerConnection)}; ` +
    `second half: RSS ${f(run.marginalKbPerConnection)}, heap ${f(run.marginalHeapKbPerConnection)}) ` +
    `(phases ms: ${Object.entries(run.phasesMs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`
  );
}

async function measure(serverDef, scenario, context) {
  try {
    return await runScenario({ serverDef, scenario, ...context });
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

const redis = await startRedis();
const publisher = createPublisher(redis.port);
const context = {
  redisPort: redis.port,
  workDir,
  workers: profile.workers,
  settleMs: profile.settleMs,
  publisher,
};
const placement = pinning.serverCpus
  ? `server pinned to CPU ${pinning.serverCpus}, load on CPU ${pinning.benchCpus}`
  : `not pinned (${pinning.unpinned})`;
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, Linux; ${placement}`;
log(
  `profile ${profileName}, ${repetitions} repetition(s), ${machine}; redis-server pid ${redis.pid} port ${redis.port}`,
);
log(`versions: ${JSON.stringify(versions())}`);

const results = {};
let held = null;
const interleaved = {};
let failures = 0;

// Raw figures, rewritten after every run so that an interrupted run still leaves its data.
const resultsDir = new URL('../results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const file = new URL(
  `${profileName}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
  resultsDir,
);
const save = () =>
  writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt,
        profile: profileName,
        repetitions,
        machine,
        versions: versions(),
        profileSpec: profile,
        results,
        held,
        interleaved,
      },
      null,
      2,
    ),
  );
try {
  // The 10,000-connection check first: it is short, and an interrupted run still has it.
  const ours = servers.find((s) => s.id === 'ours');
  if (!args['no-held'] && ours) {
    const scenario = {
      id: 'held',
      title: 'held',
      clients: profile.held.clients,
      channels: 1,
      messages: 1,
      ratePerSecond: 1,
    };
    held = await measure(ours, scenario, context);
    if (held.error) failures += 1;
    log(`held ${profile.held.clients} on ours: ${describe(held)}`);
    save();
  }

  for (let rep = 0; rep < repetitions; rep += 1) {
    for (const scenario of profile.scenarios) {
      // Rotate the order each repetition so no server always runs first (or after the same one).
      const order = servers.map(
        (_, i) => servers[(i + rep + profile.scenarios.indexOf(scenario)) % servers.length],
      );
      for (const serverDef of order) {
        const run = await measure(serverDef, scenario, context);
        if (run.error) failures += 1;
        ((results[scenario.id] ??= {})[serverDef.id] ??= []).push(run);
        log(`rep ${rep + 1}/${repetitions} ${scenario.id} ${serverDef.id}: ${describe(run)}`);
        save();
      }
    }
  }

  if (servers.length > 1) {
    for (const scenario of profile.scenarios) {
      const result = await runInterleavedCpu({
        serverDefs: servers,
        scenario: { ...scenario, messages: scenario.cpu.messages },
        slices: scenario.cpu.slices,
        ...context,
      });
      if (result.error) failures += 1;
      interleaved[scenario.id] = result;
      log(
        `interleaved CPU ${scenario.id}: ` +
          (result.error ??
            Object.entries(result.samples)
              .map(
                ([id, samples]) => `${id} ${samples.map((v) => v?.toFixed(1) ?? 'lost').join(' ')}`,
              )
              .join('; ')),
      );
      save();
    }
  }

  const data = { startedAt, profile: profileName, repetitions, machine, profileSpec: profile };
  console.log(`\n${renderReport({ ...data, results, held, interleaved }, servers)}`);
  log(`raw results: ${file.pathname}`);
} finally {
  clearTimeout(watchdog);
  await publisher.close();
  await stopAll();
  if (failures === 0 && !args.keep) rmSync(workDir, { recursive: true, force: true });
  else log(`server configs and logs kept in ${workDir}`);
}
process.exitCode = failures === 0 ? 0 : 1;
