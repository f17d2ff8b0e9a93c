/**
 * The targets of issue 2, checked against a run's medians: no loss; CPU per delivery within
 * 1.1× of the ceiling and below laravel-echo-server; memory per connection at or below
 * laravel-echo-server (judged on RSS and heap after a full GC, over all clients and over the
 * second half only; RSS as found is shown in the table, not judged); 10,000 connections held
 * on one process. Printed, never asserted: the
 * figures are noisy and a reader should see the numbers behind each verdict.
 */
import { summarize, summarizeInterleaved } from './summarize.mjs';
import { ratio } from './stats.mjs';

const CPU_LIMIT = 1.1;
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'met' : 'MISSED');
const fmt = (value, digits = 2) => (value == null ? '—' : value.toFixed(digits));

/**
 * One line per scenario and target, in Markdown list form. The CPU verdicts use the interleaved
 * comparison (median of paired slices) when the run has one, else the separate runs' medians.
 */
export function targetLines(profileSpec, results, held, interleaved) {
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
    const paired = summarizeInterleaved(interleaved?.[scenario.id]);
    const cpuVs = (id, other) =>
      paired
        ? (paired.versus[id]?.median ?? null)
        : ratio(ours.cpuMicrosPerDelivery, other.cpuMicrosPerDelivery);
    const cpuVsCeiling = cpuVs('ceiling', ceiling);
    const cpuVsLes = cpuVs('les', les);
    const how = paired ? 'interleaved slices' : 'separate runs';
    const userVs = (other) => ratio(ours.userCpuMicrosPerDelivery, other.userCpuMicrosPerDelivery);
    // Memory is judged several ways, each printed with its own verdict (see the README).
    const memory = [
      ['RSS after GC', 'settledKbPerConnection'],
      ['heap after GC', 'heapKbPerConnection'],
      ['second-half RSS', 'marginalKbPerConnection'],
      ['second-half heap', 'marginalHeapKbPerConnection'],
    ].map(([name, key]) => {
      // A growth at or below zero means the connections cost less than the noise of the reading
      // (e.g. garbage of start-up collected meanwhile): no ratio of such figures means anything.
      if (!(ours[key] > 0) || !(les[key] > 0)) {
        return `${name} n/a (${fmt(ours[key], 1)} / ${fmt(les[key], 1)} KB: below what the reading resolves)`;
      }
      const r = ratio(ours[key], les[key]);
      return `${name} ${verdict(r <= 1)} (${fmt(r)}×)`;
    });
    lines.push(
      `- ${scenario.id}: no loss ${verdict(ours.losses === 0 && ours.failedRuns === 0)} ` +
        `(${ours.losses} lost); ` +
        `CPU ≤ ${CPU_LIMIT}× ceiling ${verdict(cpuVsCeiling == null ? null : cpuVsCeiling <= CPU_LIMIT)} ` +
        `(${fmt(cpuVsCeiling)}× in ${how}; user CPU in separate runs ${fmt(userVs(ceiling))}×); ` +
        `CPU < laravel-echo-server ${verdict(cpuVsLes == null ? null : cpuVsLes < 1)} ` +
        `(${fmt(cpuVsLes)}× in ${how}; user CPU in separate runs ${fmt(userVs(les))}×); ` +
        `memory ≤ laravel-echo-server: ${memory.join(', ')}`,
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
