/**
 * Spawns a server under test as a tracked child process, its output appended to a log file,
 * and resolves once it answers the Socket.IO handshake. The handle can tell whether the server
 * is still alive and show the end of its log when it is not.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCpus } from '../cpu-pinning.mjs';
import { HOST, waitForHttp200 } from '../net-utils.mjs';
import { stopChild, track } from '../processes.mjs';

function tail(path, lines = 15) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const MEMORY_PROBE = new URL('./memory-probe.mjs', import.meta.url).href;
const MEMORY_TIMEOUT_MS = 15_000;

/** The lines the memory probe of a server has written so far. */
function memoryLines(path) {
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean) : [];
}

/** Extra options for the `node` of every server under test (`--server-node-arg`). */
let serverNodeArgs = [];

/** Sets the extra `node` options of the servers started from now on. */
export function setServerNodeArgs(args) {
  serverNodeArgs = [...args];
}

/** The CPUs every server under test runs on (cpu-pinning.mjs); undefined: not pinned. */
let serverCpus;

/** Pins the servers started from now on to `cpus` (a taskset list), or unpins them. */
export function setServerCpus(cpus) {
  serverCpus = cpus;
}

/** A command that runs every server under test's `node` (e.g. valgrind); empty: none. */
let serverWrapper = [];

/** Runs the servers started from now on under `wrapper` (a command and its options). */
export function setServerWrapper(wrapper) {
  serverWrapper = [...wrapper];
}

/** pino levels warn/error/fatal, or an uncaught error's name at the start of a line. */
const PROBLEM = /"level":(40|50|60)\b|^\w*Error\b|^\s*at .*\(|Unhandled/;

/** Warning and error lines of a server log: how many, and the first few. */
function problems(path) {
  let lines = [];
  try {
    lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => PROBLEM.test(line));
  } catch {
    // no log
  }
  return { count: lines.length, first: lines.slice(0, 3).map((line) => line.slice(0, 300)) };
}

/**
 * @param {object} options
 * @param {string} options.name
 * @param {string[]} options.args      arguments to `node`
 * @param {string} [options.cwd]
 * @param {NodeJS.ProcessEnv} [options.env]
 * @param {string} options.logPath
 * @param {number} options.port
 * @param {'v2' | 'v4'} options.clientVersion
 * @returns {Promise<import('./server-handle.mjs').ServerHandle>}
 */
export async function launchServer({ name, args, cwd, env, logPath, port, clientVersion }) {
  const log = openSync(logPath, 'a');
  const memoryPath = `${logPath}.memory.jsonl`;
  // taskset execs node (and valgrind runs it in its own process), so the child's pid is the
  // server's own.
  const nodeArgs = ['--expose-gc', '--import', MEMORY_PROBE, ...serverNodeArgs, ...args];
  const [program, ...programArgs] = [...serverWrapper, process.execPath, ...nodeArgs];
  const [command, commandArgs] = onCpus(serverCpus, program, programArgs);
  const child = track(
    spawn(command, commandArgs, {
      cwd,
      env: { ...(env ?? process.env), ECHO_BENCH_MEMORY_FILE: memoryPath },
      stdio: ['ignore', log, log],
    }),
    name,
  );
  closeSync(log);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const handle = {
    pid: child.pid,
    url: `http://${HOST}:${port}`,
    clientVersion,
    logPath,
    assertAlive() {
      if (!alive()) {
        throw new Error(
          `${name} exited (${child.exitCode ?? child.signalCode}); end of ${logPath}:\n${tail(logPath)}`,
        );
      }
    },
    /**
     * The server's memory after V8's last-resort garbage collection (memory-probe.mjs):
     * `{ rss, heapUsed, heapTotal, external, arrayBuffers }` in bytes, and `spaces`, the
     * committed bytes of each V8 space.
     */
    async settledMemory() {
      const seen = memoryLines(memoryPath).length;
      process.kill(child.pid, 'SIGUSR2');
      const deadline = Date.now() + MEMORY_TIMEOUT_MS;
      while (Date.now() < deadline) {
        await sleep(50);
        const lines = memoryLines(memoryPath);
        if (lines.length > seen) return JSON.parse(lines[lines.length - 1]);
        if (!alive()) break;
      }
      throw new Error(`${name} did not report its memory within ${MEMORY_TIMEOUT_MS} ms`);
    },
    /** Warning/error lines the server has logged so far. */
    logProblems: () => problems(logPath),
    stop: () => stopChild(child),
  };
  const eio = clientVersion === 'v2' ? 3 : 4;
  try {
    await waitForHttp200(
      `${handle.url}/socket.io/?EIO=${eio}&transport=polling`,
      child,
      // Under a wrapper such as valgrind, Node starts many times slower.
      serverWrapper.length > 0 ? 300_000 : 30_000,
    );
  } catch (error) {
    await handle.stop();
    throw new Error(
      `${name} did not start: ${error.message}; end of ${logPath}:\n${tail(logPath)}`,
      {
        cause: error,
      },
    );
  }
  return handle;
}
