/**
 * One measurement: a fresh server (fresh port, fresh random key prefix) and a fresh client
 * pool, one scenario, then everything stopped. Phases, each time-limited:
 *   1. baseline memory of the idle server: RSS as found, then RSS and heap after a full GC;
 *   2. connect and subscribe the clients in two halves, memory after GC read between them;
 *      probe (READY broadcasts) until all are subscribed;
 *   3. memory again, both ways (memory per connection), CPU time before;
 *   4. publish the measured messages as Laravel does; wait until all arrived or progress stops;
 *   5. CPU time after (CPU per delivery), collect latencies.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startClientPool } from './clients/client-pool.mjs';
import { readCpuMicros, readRssKb, readUserCpuMicros } from './proc-stats.mjs';
import { READY_EVENT, nowMicros } from './publisher.mjs';
import { quantile } from './stats.mjs';

const CONNECT_TIMEOUT_MS = 120_000;
const SUBSCRIBE_TIMEOUT_MS = 60_000;
const STALL_MS = 10_000;
const DRAIN_LIMIT_MS = 120_000;
const FLOOD_WINDOW = 64;

/** Bytes spread over `connections`, in KiB each; null without connections. */
const perConnectionKb = (bytes, connections) =>
  connections > 0 ? bytes / 1024 / connections : null;

/** What the server kept of a reading after GC: its RSS, or its heap (heapUsed + external). */
const kept = (reading, what) =>
  what === 'rss' ? reading.rss : reading.heapUsed + reading.external;

/** Growth between two readings after GC, per client connected in between, in KiB. */
const settledGrowthKb = (from, to, what, batch) =>
  perConnectionKb(kept(to, what) - kept(from, what), batch.connected);

/** Which channel message `seq` goes to: round-robin over the scenario's channels. */
const channelOf = (channels, seq) => channels[seq % channels.length];

/** A fresh random Redis key prefix: one per server started, so no run hears another's. */
export const newKeyPrefix = () => `bench_${randomBytes(4).toString('hex')}_`;

/**
 * A fresh key prefix, the scenario's channels, the channel of each client, and the measured
 * deliveries: all of them (`expected`), those of a worker's clients (`measuredFor`), and those
 * of a run of messages (`deliveriesOf`).
 */
export function planScenario(scenario) {
  const channels = Array.from({ length: scenario.channels }, (_, i) => `bench.${scenario.id}.${i}`);
  const clientChannels = Array.from(
    { length: scenario.clients },
    (_, i) => channels[i % channels.length],
  );
  const messagesTo = new Map(channels.map((c) => [c, 0]));
  for (let seq = 0; seq < scenario.messages; seq += 1) {
    const channel = channelOf(channels, seq);
    messagesTo.set(channel, messagesTo.get(channel) + 1);
  }
  /** Measured deliveries to the clients of `share` (a list of their channels). */
  const measuredFor = (share) => share.reduce((n, c) => n + messagesTo.get(c), 0);
  const clientsOn = new Map(channels.map((c) => [c, 0]));
  for (const c of clientChannels) clientsOn.set(c, clientsOn.get(c) + 1);
  /** Deliveries of messages `from`…`from + count - 1`. */
  const deliveriesOf = (from, count) => {
    let n = 0;
    for (let seq = from; seq < from + count; seq += 1) n += clientsOn.get(channelOf(channels, seq));
    return n;
  };
  return {
    keyPrefix: newKeyPrefix(),
    channels,
    clientChannels,
    expected: measuredFor(clientChannels),
    measuredFor,
    deliveriesOf,
  };
}

export async function waitUntilSubscribed(pool, publisher, keyPrefix, channels, connected, server) {
  const deadline = Date.now() + SUBSCRIBE_TIMEOUT_MS;
  let status = await pool.status();
  for (let round = 0; status.ready < connected && Date.now() < deadline; round += 1) {
    server.assertAlive();
    // One EVAL to every channel: Laravel's multi-channel broadcast, as a probe.
    await publisher.publish(keyPrefix, channels, READY_EVENT, { round });
    const roundEnd = Date.now() + 500;
    while (Date.now() < roundEnd && status.ready < connected) {
      await sleep(100);
      status = await pool.status();
    }
  }
  return status.ready;
}

/**
 * Publishes measured messages `from`…`from + count - 1` at the scenario's rate (or flat out),
 * as Laravel does. Resolves to the number published.
 */
export async function publishMeasured(
  publisher,
  keyPrefix,
  scenario,
  channels,
  from = 0,
  count = scenario.messages,
) {
  const started = Date.now();
  const limitMs = scenario.ratePerSecond
    ? (count / scenario.ratePerSecond) * 1000 + 30_000
    : 60_000;
  const end = from + count;
  let next = from;
  if (scenario.ratePerSecond === null) {
    const lane = async () => {
      while (next < end && Date.now() - started < limitMs) {
        const seq = next++;
        await publisher.publishMeasured(keyPrefix, channelOf(channels, seq), seq);
      }
    };
    await Promise.all(Array.from({ length: FLOOD_WINDOW }, lane));
    return next - from;
  }
  const intervalMs = 1000 / scenario.ratePerSecond;
  const inFlight = [];
  for (; next < end && Date.now() - started < limitMs; next += 1) {
    const delay = started + (next - from) * intervalMs - Date.now();
    if (delay > 0) await sleep(delay);
    inFlight.push(publisher.publishMeasured(keyPrefix, channelOf(channels, next), next));
  }
  await Promise.all(inFlight);
  return next - from;
}

/** Waits until the clients have `expected` measured deliveries, or progress stops. */
export async function waitForDeliveries(pool, expected, server) {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  let last = -1;
  let lastProgress = Date.now();
  for (;;) {
    const { received } = await pool.status();
    if (received >= expected) return;
    server.assertAlive();
    if (received !== last) {
      last = received;
      lastProgress = Date.now();
    }
    if (Date.now() - lastProgress > STALL_MS || Date.now() > deadline) return;
    await sleep(100);
  }
}

/**
 * Runs `scenario` against a fresh instance of `serverDef`.
 * @returns {Promise<object>} the raw figures of this one run
 */
export async function runScenario({
  serverDef,
  scenario,
  redisPort,
  workDir,
  workers,
  publisher,
  settleMs,
  connectConcurrency = 100,
}) {
  const { keyPrefix, channels, clientChannels, expected, measuredFor } = planScenario(scenario);

  const phases = {};
  let phaseStart = Date.now();
  const phase = (name) => {
    phases[name] = Date.now() - phaseStart;
    phaseStart = Date.now();
  };
  const server = await serverDef.start({ redisPort, keyPrefix, workDir });
  const pool = startClientPool(workers);
  phase('start');
  try {
    await sleep(settleMs);
    const rssBeforeKb = readRssKb(server.pid);
    const settledBefore = await server.settledMemory();
    // Two halves, with a reading between them: the second half's growth is what one more
    // connection costs, without the one-off growth (young generation, code) of the first.
    const connectHalf = (part) =>
      pool.connect({
        url: server.url,
        version: server.clientVersion,
        channels: part,
        concurrency: connectConcurrency,
        timeoutMs: CONNECT_TIMEOUT_MS,
        measuredFor,
      });
    const half = Math.ceil(clientChannels.length / 2);
    const first = await connectHalf(clientChannels.slice(0, half));
    await sleep(settleMs);
    const settledMiddle = await server.settledMemory();
    const second = await connectHalf(clientChannels.slice(half));
    const connect = {
      connected: first.connected + second.connected,
      failed: first.failed + second.failed,
      ms: first.ms + second.ms,
    };
    phase('connect');
    const subscribed = await waitUntilSubscribed(
      pool,
      publisher,
      keyPrefix,
      channels,
      connect.connected,
      server,
    );
    phase('subscribe');
    await sleep(settleMs);
    const rssAfterKb = readRssKb(server.pid);
    const settledAfter = await server.settledMemory();

    const cpuBefore = readCpuMicros(server.pid);
    const userBefore = readUserCpuMicros(server.pid);
    const firstPublishUs = nowMicros();
    const published = await publishMeasured(publisher, keyPrefix, scenario, channels);
    phase('publish');
    await waitForDeliveries(pool, expected, server);
    const cpuAfter = readCpuMicros(server.pid);
    const userAfter = readUserCpuMicros(server.pid);
    phase('drain');
    const collected = await pool.collect();

    const latencies = collected.latencies.sort();
    const seconds = (collected.lastReceiveUs - firstPublishUs) / 1e6;
    return {
      clients: scenario.clients,
      connected: connect.connected,
      connectFailed: connect.failed,
      connectMs: connect.ms,
      subscribed,
      published,
      expected,
      received: collected.received,
      losses: Math.max(0, expected - collected.received),
      outOfOrder: collected.outOfOrder,
      disconnects: collected.disconnects,
      deliveriesPerSecond:
        collected.received > 0 && seconds > 0 ? collected.received / seconds : null,
      p50Ms: latencies.length ? quantile(latencies, 0.5) / 1000 : null,
      p99Ms: latencies.length ? quantile(latencies, 0.99) / 1000 : null,
      maxMs: latencies.length ? latencies[latencies.length - 1] / 1000 : null,
      cpuMicrosPerDelivery:
        collected.received > 0 ? (cpuAfter - cpuBefore) / collected.received : null,
      cpuMicros: cpuAfter - cpuBefore,
      userCpuMicrosPerDelivery:
        collected.received > 0 ? (userAfter - userBefore) / collected.received : null,
      userCpuMicros: userAfter - userBefore,
      rssBeforeKb,
      rssAfterKb,
      kbPerConnection: perConnectionKb(rssAfterKb * 1024 - rssBeforeKb * 1024, connect.connected),
      settledBefore,
      settledMiddle,
      settledAfter,
      marginalKbPerConnection: settledGrowthKb(settledMiddle, settledAfter, 'rss', second),
      marginalHeapKbPerConnection: settledGrowthKb(settledMiddle, settledAfter, 'heap', second),
      settledKbPerConnection: settledGrowthKb(settledBefore, settledAfter, 'rss', connect),
      heapKbPerConnection: settledGrowthKb(settledBefore, settledAfter, 'heap', connect),
      phasesMs: phases,
      logProblems: server.logProblems(),
    };
  } finally {
    await pool.close().catch(() => {});
    await pool.stop();
    await server.stop();
  }
}
