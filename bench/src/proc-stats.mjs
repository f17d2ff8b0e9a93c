/**
 * CPU time and resident memory of a server, read from /proc (Linux only). Both are summed over
 * the process and its descendants, so a server that forks helpers is charged for them too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Kernel clock ticks per second (`getconf CLK_TCK`), the unit of utime and stime. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/<pid>/stat after the `(comm)` field, which may itself contain spaces. */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** The PID and every descendant PID of `rootPid`. */
export function processTree(rootPid) {
  const parentOf = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of stat (index 1 after comm) is the parent PID.
      parentOf.set(Number(entry), Number(statFields(entry)[1]));
    } catch {
      // the process ended while we were reading
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i += 1) {
    for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** utime + stime of one process, in microseconds (10 ms resolution). */
const cpuMicros = (pid) => userMicros(pid) + systemMicros(pid);

// stat fields 14 (utime) and 15 (stime), i.e. indexes 11 and 12 after comm.
const ticksToMicros = (ticks) => (Number(ticks) * 1_000_000) / TICKS_PER_SECOND;
/** utime: the process's own code (JavaScript, V8, libuv, Node), in microseconds. */
const userMicros = (pid) => ticksToMicros(statFields(pid)[11]);
/**
 * stime: the kernel on the process's behalf. On loopback that includes delivering each write
 * into the receiving client's socket and waking that client, so it moves with the clients'
 * scheduling as much as with the server's own work.
 */
const systemMicros = (pid) => ticksToMicros(statFields(pid)[12]);

/** VmRSS of one process, in KiB. */
function rssKb(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

function sumOverTree(rootPid, read) {
  let total = 0;
  for (const pid of processTree(rootPid)) {
    try {
      total += read(pid);
    } catch {
      // a helper process ended between listing and reading
    }
  }
  return total;
}

/** Server CPU time so far (user + system), in µs, over the process tree. */
export const readCpuMicros = (pid) => sumOverTree(pid, cpuMicros);

/** Server user CPU time so far, in µs, over the process tree. */
export const readUserCpuMicros = (pid) => sumOverTree(pid, userMicros);

/** Server resident memory, in KiB, over the process tree. */
export const readRssKb = (pid) => sumOverTree(pid, rssKb);

/** Nanoseconds on a CPU of every thread of one process (/proc/<pid>/task/<tid>/schedstat). */
function runNanos(pid) {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended while we were reading
    }
  }
  return total;
}

/**
 * Server CPU time so far (user + system), in µs at nanosecond resolution, over the process
 * tree; for windows of a few seconds, where the 10 ms ticks of readCpuMicros are too coarse.
 * Threads that already ended are not counted, so only differences over a window mean anything.
 */
export const readRunMicros = (pid) => sumOverTree(pid, runNanos) / 1000;
