/**
 * Keeps the server under test and the load on separate CPUs. On a 2-core machine the clients,
 * the publisher and Redis otherwise take turns on the server's core, and the CPU a delivery
 * costs the server swings by a third between two runs of the same code. With pinning, the
 * server under test runs alone on the last CPU this process may use, and the bench (and every
 * child it starts other than a server: client workers, Redis) on the others.
 *
 * Uses util-linux's `taskset`; with fewer than two usable CPUs, or without `taskset`, nothing is
 * pinned and the report says so.
 */
import { execFileSync } from 'node:child_process';

/** Parses taskset's affinity list, e.g. "0,2-3" → [0, 2, 3]. */
export function parseCpuList(list) {
  return list
    .trim()
    .split(',')
    .filter(Boolean)
    .flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
}

function affinityOf(pid) {
  // "pid 123's current affinity list: 0,1"
  const out = execFileSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' });
  return parseCpuList(out.slice(out.lastIndexOf(':') + 1));
}

/**
 * Decides the split and pins this process (all its threads; children inherit it).
 * @returns {{ serverCpus: string, benchCpus: string } | { unpinned: string }}
 */
export function pinBenchProcess() {
  let cpus;
  try {
    cpus = affinityOf(process.pid);
  } catch {
    return { unpinned: 'taskset is not available' };
  }
  if (cpus.length < 2) return { unpinned: `only ${cpus.length} usable CPU` };
  const serverCpus = String(cpus[cpus.length - 1]);
  const benchCpus = cpus.slice(0, -1).join(',');
  execFileSync('taskset', ['-a', '-c', '-p', benchCpus, String(process.pid)], { stdio: 'ignore' });
  return { serverCpus, benchCpus };
}

/** The command and arguments that run `command` on the given CPUs (or unchanged). */
export function onCpus(cpus, command, args) {
  return cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}
