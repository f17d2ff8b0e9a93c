/**
 * The targets of issue 2, checked against a run's medians: no loss; CPU per delivery within
 * 1.1× of the ceiling and below laravel-echo-server; memory per connection at or below
 * laravel-echo-server (judged on RSS after a full GC, with the heap and the as-found RSS
 * ratios printed beside it); 10,000 connections held on one process. Printed, never asserted: the
 * figures are noisy and a reader should see the numbers behind each verdict.
 */
import { summarize } from './summarize.mjs';
import { ratio } from './stats.mjs';

const CPU_LIMIT = 1.1;
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'met' : 'MISSED');
const fmt = (value, digits = 2) => (value == null ? '—' : value.toFixed(digits));

/** One line per scenario and target, in Markdown list form. */
export function targetLines(profileSpec, results, held) {
  const lines = [];
  for (const scenario of profileSpec.scenarios) {
    const byId = (id) => summarize(results[scenario.id]?.[id] ?? []);
    const ours = byId('ours');
    const ceiling = byId('ceiling');
    const les = byId('les');
    if (ours.runs === 0 || ours.failedRuns === ours.runs) {
      lines.push(`- ${scenario.id}: our server has no successful run`);
      continue;
    }
    const cpuVsCeiling = ratio(ours.cpuMicrosPerDelivery, ceiling.cpuMicrosPerDelivery);
    const cpuVsLes = ratio(ours.cpuMicrosPerDelivery, les.cpuMicrosPerDelivery);
    const userVs = (other) => ratio(ours.userCpuMicrosPerDelivery, other.userCpuMicrosPerDelivery);
    const memVsLes = ratio(ours.settledKbPerConnection, les.settledKbPerConnection);
    const heapVsLes = ratio(ours.heapKbPerConnection, les.heapKbPerConnection);
    const foundVsLes = ratio(ours.kbPerConnection, les.kbPerConnection);
    lines.push(
      `- ${scenario.id}: no loss ${verdict(ours.losses === 0 && ours.failedRuns === 0)} ` +
        `(${ours.losses} lost); ` +
        `CPU ≤ ${CPU_LIMIT}× ceiling ${verdict(cpuVsCeiling == null ? null : cpuVsCeiling <= CPU_LIMIT)} ` +
        `(${fmt(cpuVsCeiling)}×; user CPU ${fmt(userVs(ceiling))}×); ` +
        `CPU < laravel-echo-server ${verdict(cpuVsLes == null ? null : cpuVsLes < 1)} ` +
        `(${fmt(cpuVsLes)}×; user CPU ${fmt(userVs(les))}×); ` +
        `memory ≤ laravel-echo-server ${verdict(memVsLes == null ? null : memVsLes <= 1)} ` +
        `(RSS after GC ${fmt(memVsLes)}×; heap after GC ${fmt(heapVsLes)}×; RSS as found ${fmt(foundVsLes)}×)`,
    );
  }
  if (held) {
    const ok = !held.error && held.connected === held.clients && held.received === held.expected;
    lines.push(
      `- ${profileSpec.held.clients.toLocaleString('en-US')} connections held on one process: ${verdict(ok)}` +
        (held.error
          ? ` (${held.error.split('\n')[0]})`
          : ` (${held.connected} connected, ${held.received} received)`),
    );
  }
  return lines;
}
