/**
 * One server on one scenario, over its repetitions: the median of each figure, and the sums
 * of losses and other anomalies (a median would hide a single lossy run).
 */
import { median } from './stats.mjs';

/** Medians (and loss totals) of one server on one scenario. */
export function summarize(runs) {
  const ok = runs.filter((r) => !r.error);
  const pick = (key) => median(ok.map((r) => r[key]));
  return {
    runs: runs.length,
    failedRuns: runs.length - ok.length,
    errors: runs.filter((r) => r.error).map((r) => r.error),
    losses: ok.reduce((n, r) => n + r.losses, 0),
    expected: ok.reduce((n, r) => n + r.expected, 0),
    connectFailed: ok.reduce((n, r) => n + r.connectFailed, 0),
    disconnects: ok.reduce((n, r) => n + r.disconnects, 0),
    outOfOrder: ok.reduce((n, r) => n + r.outOfOrder, 0),
    deliveriesPerSecond: pick('deliveriesPerSecond'),
    p50Ms: pick('p50Ms'),
    p99Ms: pick('p99Ms'),
    cpuMicrosPerDelivery: pick('cpuMicrosPerDelivery'),
    userCpuMicrosPerDelivery: pick('userCpuMicrosPerDelivery'),
    kbPerConnection: pick('kbPerConnection'),
    settledKbPerConnection: pick('settledKbPerConnection'),
    heapKbPerConnection: pick('heapKbPerConnection'),
    marginalKbPerConnection: pick('marginalKbPerConnection'),
    marginalHeapKbPerConnection: pick('marginalHeapKbPerConnection'),
    rssAfterKb: pick('rssAfterKb'),
    logProblems: {
      count: ok.reduce((n, r) => n + (r.logProblems?.count ?? 0), 0),
      first: ok.flatMap((r) => r.logProblems?.first ?? []),
    },
  };
}

/**
 * The interleaved CPU comparison of one scenario (interleaved-cpu.mjs): each server's median
 * CPU µs per delivery over its slices, and for `of` against each other server the ratios of
 * their slices paired by index: median, lowest, highest, and in how many slices `of` cost less.
 */
export function summarizeInterleaved(result, of = 'ours') {
  if (!result || result.error) return null;
  const perServer = Object.fromEntries(
    Object.entries(result.samples).map(([id, samples]) => [id, median(samples)]),
  );
  const mine = result.samples[of] ?? [];
  /** @type {Record<string, { median: number | null, lowest: number | null, highest: number | null, cheaperIn: number, pairs: number }>} */
  const versus = {};
  for (const [id, theirs] of Object.entries(result.samples)) {
    if (id === of) continue;
    const ratios = mine
      .map((m, i) => (m == null || theirs[i] == null || theirs[i] === 0 ? null : m / theirs[i]))
      .filter((r) => r != null)
      .sort((a, b) => a - b);
    versus[id] = {
      median: median(ratios),
      lowest: ratios[0] ?? null,
      highest: ratios[ratios.length - 1] ?? null,
      cheaperIn: ratios.filter((r) => r < 1).length,
      pairs: ratios.length,
    };
  }
  return { perServer, versus, losses: result.losses };
}
