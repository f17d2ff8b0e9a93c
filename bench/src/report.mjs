/**
 * Turns the raw runs into the printed tables: per scenario and server, the median over the
 * repetitions of each figure (summarize.mjs), and its ratio to the ceiling's median.
 */
import { ratio } from './stats.mjs';
import { summarize, summarizeInterleaved } from './summarize.mjs';
import { targetLines } from './targets.mjs';

const number = (value, digits = 0) =>
  value == null
    ? '—'
    : value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
const times = (value) => (value == null ? '' : ` (${value.toFixed(2)}×)`);

/** The main table, in Markdown. `results[scenarioId][serverId]` is a list of runs. */
export function scenarioTable(scenarios, servers, results) {
  const lines = [
    '| scenario | server | deliveries/s | losses | p50 ms | p99 ms | CPU µs/delivery | of which user | KB/conn RSS after GC | KB/conn heap after GC | KB/conn 2nd half RSS / heap | KB/conn RSS as found |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const scenario of scenarios) {
    const byServer = Object.fromEntries(
      servers.map((s) => [s.id, summarize(results[scenario.id]?.[s.id] ?? [])]),
    );
    const ceiling = byServer.ceiling;
    for (const server of servers) {
      const s = byServer[server.id];
      if (s.runs === 0) continue;
      if (s.failedRuns === s.runs) {
        lines.push(
          `| ${scenario.title} | ${server.label} | failed: ${s.errors[0].split('\n')[0]} | | | | | | | | | |`,
        );
        continue;
      }
      const rel = (key) => (server.id === 'ceiling' ? '' : times(ratio(s[key], ceiling?.[key])));
      const losses =
        `${number(s.losses)} of ${number(s.expected)}` +
        (s.failedRuns ? `, ${s.failedRuns} run(s) failed` : '');
      lines.push(
        `| ${scenario.title} | ${server.label} | ${number(s.deliveriesPerSecond)}${rel('deliveriesPerSecond')} | ${losses} | ` +
          `${number(s.p50Ms, 1)}${rel('p50Ms')} | ${number(s.p99Ms, 1)}${rel('p99Ms')} | ` +
          `${number(s.cpuMicrosPerDelivery, 1)}${rel('cpuMicrosPerDelivery')} | ${number(s.userCpuMicrosPerDelivery, 1)}${rel('userCpuMicrosPerDelivery')} | ${number(s.settledKbPerConnection, 1)}${rel('settledKbPerConnection')} | ` +
          `${number(s.heapKbPerConnection, 1)}${rel('heapKbPerConnection')} | ` +
          `${number(s.marginalKbPerConnection, 1)} / ${number(s.marginalHeapKbPerConnection, 1)} | ` +
          `${number(s.kbPerConnection, 1)}${rel('kbPerConnection')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Anything odd seen in the runs (failed connections, drops, reordering, errors), one line each. */
export function anomalies(scenarios, servers, results) {
  const lines = [];
  for (const scenario of scenarios) {
    for (const server of servers) {
      const s = summarize(results[scenario.id]?.[server.id] ?? []);
      const where = `${server.label}, ${scenario.id}`;
      if (s.connectFailed) lines.push(`- ${where}: ${s.connectFailed} client(s) failed to connect`);
      if (s.disconnects) lines.push(`- ${where}: ${s.disconnects} unexpected disconnect(s)`);
      if (s.outOfOrder)
        lines.push(`- ${where}: ${s.outOfOrder} message(s) duplicated or out of order`);
      if (s.losses) lines.push(`- ${where}: ${s.losses} of ${s.expected} deliveries lost`);
      if (s.logProblems.count) {
        lines.push(
          `- ${where}: ${s.logProblems.count} warning/error log line(s), e.g. ${s.logProblems.first[0]}`,
        );
      }
      for (const error of s.errors) lines.push(`- ${where}: run failed: ${error.split('\n')[0]}`);
    }
  }
  return lines;
}

/**
 * The interleaved CPU comparison (interleaved-cpu.mjs), in Markdown: per scenario and server,
 * the median CPU µs per delivery over the slices, and our server's paired ratios to it.
 */
export function interleavedTable(scenarios, servers, interleaved) {
  const lines = [
    '| scenario | server | slices × messages | CPU µs/delivery, median | ours ÷ this server, median of paired slices (lowest–highest) | slices where ours cost less |',
    '|---|---|--:|--:|--:|--:|',
  ];
  for (const scenario of scenarios) {
    const result = interleaved?.[scenario.id];
    if (!result) continue;
    if (result.error) {
      lines.push(`| ${scenario.title} | all | failed: ${result.error.split('\n')[0]} | | | |`);
      continue;
    }
    const summary = summarizeInterleaved(result);
    for (const server of servers) {
      if (!(server.id in result.samples)) continue;
      const v = summary.versus[server.id];
      const pairs = v
        ? `${number(v.median, 2)} (${number(v.lowest, 2)}–${number(v.highest, 2)})`
        : '—';
      const wins = v ? `${v.cheaperIn} of ${v.pairs}` : '—';
      const lost = summary.losses[server.id] ? `, ${number(summary.losses[server.id])} lost` : '';
      lines.push(
        `| ${scenario.title} | ${server.label} | ${result.slices} × ${number(result.messagesPerSlice)}${lost} | ` +
          `${number(summary.perServer[server.id], 1)} | ${pairs} | ${wins} |`,
      );
    }
  }
  return lines.length > 2 ? lines.join('\n') : null;
}

/** The "connections held on one process" check, in Markdown. */
export function heldTable(label, run) {
  const header = [
    '| server | clients connected | connect time | broadcast received | broadcast p99 / max ms | server RSS idle → held | KB/conn RSS as found | KB/conn RSS after GC | KB/conn heap after GC |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  if (run.error)
    return [...header, `| ${label} | failed: ${run.error.split('\n')[0]} | | | | | | | |`].join(
      '\n',
    );
  return [
    ...header,
    `| ${label} | ${number(run.connected)} of ${number(run.clients)} | ${number(run.connectMs / 1000, 1)} s | ` +
      `${number(run.received)} of ${number(run.expected)} | ${number(run.p99Ms, 1)} / ${number(run.maxMs, 1)} | ` +
      `${number(run.rssBeforeKb / 1024, 1)} → ${number(run.rssAfterKb / 1024, 1)} MB | ${number(run.kbPerConnection, 1)} | ` +
      `${number(run.settledKbPerConnection, 1)} | ${number(run.heapKbPerConnection, 1)} |`,
  ].join('\n');
}

/**
 * The whole printed report of a run, from its saved data (see main.mjs and print-results.mjs):
 * heading, scenario table, anomalies, and the held-connections check.
 */
export function renderReport(
  { startedAt, profile, repetitions, machine, profileSpec, results, held, interleaved },
  servers,
) {
  const when = new Date(startedAt).toISOString().slice(0, 16).replace('T', ' ');
  const out = [
    `Measured ${when} UTC, profile "${profile}", median of ${repetitions} run(s) per cell; machine: ${machine}.`,
    '',
    scenarioTable(profileSpec.scenarios, servers, results),
    '',
  ];
  const notes = anomalies(profileSpec.scenarios, servers, results);
  if (notes.length) out.push('Anomalies:', ...notes, '');
  const cpuTable = interleavedTable(profileSpec.scenarios, servers, interleaved);
  if (cpuTable) {
    out.push('CPU per delivery, all servers up at once, in interleaved slices:', '', cpuTable, '');
  }
  const ours = servers.find((s) => s.id === 'ours');
  if (held && ours) {
    out.push(
      `${profileSpec.held.clients.toLocaleString('en-US')} connections held on one process:`,
      '',
      heldTable(ours.label, held),
      '',
    );
    const heldNotes = anomalies([{ id: 'held' }], [ours], { held: { ours: [held] } });
    if (heldNotes.length) out.push('Anomalies:', ...heldNotes, '');
  }
  out.push('Targets (ours, medians):', ...targetLines(profileSpec, results, held, interleaved), '');
  return out.join('\n');
}
