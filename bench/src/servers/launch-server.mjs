/**
 * Spawns a server under test as a tracked child process, its output appended to a log file,
 * and resolves once it answers the Socket.IO handshake. The handle can tell whether the server
 * is still alive and show the end of its log when it is not.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { HOST, waitForHttp200 } from '../net-utils.mjs';
import { stopChild, track } from '../processes.mjs';

function tail(path, lines = 15) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
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
  const child = track(
    spawn(process.execPath, args, { cwd, env, stdio: ['ignore', log, log] }),
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
    /** Warning/error lines the server has logged so far. */
    logProblems: () => problems(logPath),
    stop: () => stopChild(child),
  };
  const eio = clientVersion === 'v2' ? 3 : 4;
  try {
    await waitForHttp200(`${handle.url}/socket.io/?EIO=${eio}&transport=polling`, child);
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
