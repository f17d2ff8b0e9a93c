/**
 * Every child process the benchmark starts (servers, Redis, client workers) is registered
 * here, so that it is killed by PID when the run ends, fails, or is interrupted (Ctrl-C).
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** @type {Map<number, { name: string, child: import('node:child_process').ChildProcess }>} */
const children = new Map();

/** Registers a spawned child; it is forgotten when it exits. */
export function track(child, name) {
  if (child.pid === undefined) throw new Error(`${name} did not start (no pid)`);
  const pid = child.pid;
  children.set(pid, { name, child });
  child.once('exit', () => children.delete(pid));
  return child;
}

function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export async function stopChild(child, graceMs = 3000) {
  if (!isRunning(child)) return;
  const exited = once(child, 'exit');
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut && isRunning(child)) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      return;
    }
    await Promise.race([exited, sleep(2000)]);
  }
}

/** Stops every tracked child, one by one, by PID. */
export async function stopAll() {
  for (const { child } of [...children.values()].reverse()) await stopChild(child);
}

/** Synchronous last resort (process `exit`): SIGKILL each tracked PID. */
function killAllNow() {
  for (const pid of children.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

/** Kills the children on Ctrl-C, SIGTERM, an uncaught error, or a normal exit. */
export function installCleanup() {
  process.once('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping ${children.size} child process(es)…`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  process.once('uncaughtException', (error) => {
    console.error(error);
    void stopAll().finally(() => process.exit(1));
  });
}
