/**
 * CPU per delivery, compared in interleaved slices. On these machines the CPU a delivery costs
 * drifts by a fifth over minutes, more than the differences between the servers, so runs one
 * after the other (run-scenario.mjs) leave the CPU verdict to chance. Here every server of the
 * run is up at once, each with its own clients, subscribed; then, slice after slice, the
 * scenario's messages go to one server at a time (a few seconds each, the servers in rotating
 * order), and each slice's CPU is read on that server alone. Neighbouring slices of two
 * servers share the machine's state, so their ratio is a paired comparison; the report gives
 * the median of those ratios over all slices, and how often each side won.
 *
 * Memory, latency and losses come from the separate runs; this only counts CPU, and checks that
 * every slice's messages arrived.
 */
import { startClientPool } from './clients/client-pool.mjs';
import { readRunMicros } from './proc-stats.mjs';
import {
  newKeyPrefix,
  planScenario,
  publishMeasured,
  waitForDeliveries,
  waitUntilSubscribed,
} from './run-scenario.mjs';

const CONNECT_TIMEOUT_MS = 120_000;

/**
 * Runs `scenario` in `slices` slices against every server of `serverDefs` at once.
 * @returns {Promise<{ slices: number, messagesPerSlice: number, samples: Record<string, (number | null)[]>, losses: Record<string, number>, error?: string }>}
 *   `samples[serverId][i]`: CPU µs per delivery in slice i, null if that slice lost messages.
 */
export async function runInterleavedCpu({
  serverDefs,
  scenario,
  slices,
  redisPort,
  workDir,
  workers,
  publisher,
  settleMs,
}) {
  const messagesPerSlice = Math.floor(scenario.messages / slices);
  const plan = planScenario({ ...scenario, messages: messagesPerSlice * slices });
  const setups = [];
  try {
    for (const serverDef of serverDefs) {
      // One key prefix per server: a slice's messages reach that server only.
      const keyPrefix = newKeyPrefix();
      const server = await serverDef.start({ redisPort, keyPrefix, workDir });
      const pool = startClientPool(workers);
      setups.push({ id: serverDef.id, server, pool, keyPrefix });
      const connect = await pool.connect({
        url: server.url,
        version: server.clientVersion,
        channels: plan.clientChannels,
        concurrency: 100,
        timeoutMs: CONNECT_TIMEOUT_MS,
        measuredFor: plan.measuredFor,
      });
      const ready = await waitUntilSubscribed(
        pool,
        publisher,
        keyPrefix,
        plan.channels,
        connect.connected,
        server,
      );
      if (ready < scenario.clients) {
        throw new Error(`${serverDef.id}: ${ready} of ${scenario.clients} clients subscribed`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));

    const samples = Object.fromEntries(setups.map((s) => [s.id, []]));
    const losses = Object.fromEntries(setups.map((s) => [s.id, 0]));
    const delivered = new Map(setups.map((s) => [s.id, 0]));
    for (let slice = 0; slice < slices; slice += 1) {
      const from = slice * messagesPerSlice;
      const expectedNow = plan.deliveriesOf(from, messagesPerSlice);
      for (let i = 0; i < setups.length; i += 1) {
        const { id, server, pool, keyPrefix } = setups[(i + slice) % setups.length];
        const before = readRunMicros(server.pid);
        await publishMeasured(
          publisher,
          keyPrefix,
          scenario,
          plan.channels,
          from,
          messagesPerSlice,
        );
        const target = delivered.get(id) + expectedNow;
        await waitForDeliveries(pool, target, server);
        const after = readRunMicros(server.pid);
        const { received } = await pool.status();
        delivered.set(id, received);
        const lost = Math.max(0, target - received);
        losses[id] += lost;
        samples[id][slice] = lost === 0 ? (after - before) / expectedNow : null;
      }
    }
    return { slices, messagesPerSlice, samples, losses };
  } catch (error) {
    return {
      slices,
      messagesPerSlice,
      samples: {},
      losses: {},
      error: String(error?.message ?? error),
    };
  } finally {
    for (const { server, pool } of setups) {
      await pool.close().catch(() => {});
      await pool.stop();
      await server.stop();
    }
  }
}
