/**
 * One server on one scenario, over its repetitions: the median of each figure, and the sums
 * of losses and other anomalies (a median would hide a single lossy run).
 */
import { median } from './stats.mjs';

/**
 * RSS growth after GC less the growth of V8's young generation, per client: the young
 * generation is a process-wide buffer with a fixed cap, not something a connection keeps.
 * Derived from the raw readings, so older result files without them give null.
 */
export function rssLessYoungKb(run) {
  const before = run.settledBefore;
  const after = run.settledAfter;
  if (!before?.spaces || !after?.spaces || !(run.connected > 0)) return null;
  const lessYoung = (m) => m.rss - m.spaces.new_space;
  return (lessYoung(after) - lessYoung(before)) / 1024 / run.connected;
}

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
    rssLessYoungKbPerConnection: median(ok.map(rssLessYoungKb)),
    marginalKbPerConnection: pick('marginalKbPerConnection'),
    marginalHeapKbPerConnection: pick('marginalHeapKbPerConnection'),
    rssAfterKb: pick('rssAfterKb'),
    logProblems: {
      count: ok.reduce((n, r) => n + (r.logProblems?.count ?? 0), 0),
      first: ok.flatMap((r) => r.logProblems?.first ?? []),
    },
  };
}
