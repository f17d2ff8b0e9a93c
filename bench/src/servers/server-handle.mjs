/**
 * The contract every server launcher fulfils, and the list of servers under test.
 *
 * @typedef {object} ServerHandle
 * @property {number} pid            the server process, measured through /proc
 * @property {string} url            where clients connect (http://127.0.0.1:<port>)
 * @property {'v2' | 'v4'} clientVersion  socket.io-client major that can talk to it
 * @property {string} logPath        its stdout and stderr
 * @property {() => void} assertAlive   throws, with the end of the log, if it has exited
 * @property {() => { count: number, first: string[] }} logProblems  warning/error lines logged
 * @property {() => Promise<{ rss: number, heapUsed: number, heapTotal: number, external: number, arrayBuffers: number, spaces: Record<string, number> }>} settledMemory
 *           memory after the last-resort garbage collection, in bytes, with `heapTotal` and the
 *           committed bytes of each V8 space in `spaces` (servers/memory-probe.mjs)
 * @property {() => Promise<void>} stop   SIGTERM, then SIGKILL, by PID
 *
 * @typedef {object} StartOptions
 * @property {number} redisPort
 * @property {string} keyPrefix      Laravel's Redis key prefix for this server start
 * @property {string} workDir        a temporary directory for configs and logs
 *
 * @typedef {(options: StartOptions) => Promise<ServerHandle>} StartServer
 */
import { startCeiling, startCeilingWithRecovery } from './ceiling.mjs';
import { startLes } from './les.mjs';
import { startOurs, startOursForEio3Clients } from './ours.mjs';

/**
 * The servers under test, in report order; `ceiling` is the reference of every ratio.
 * `ceiling-recovery` is a reference point, not a competitor: the ceiling plus connection state
 * recovery, which our server turns on by default and the plain ceiling does without.
 * `ours-eio3` is our server driven by socket.io-client 2, like laravel-echo-server.
 */
export const SERVERS = [
  { id: 'ceiling', label: 'ceiling (Socket.IO 4 relay)', start: startCeiling },
  { id: 'ours', label: 'ours (server/echo)', start: startOurs },
  { id: 'ours-eio3', label: 'ours, socket.io-client 2 clients', start: startOursForEio3Clients },
  { id: 'les', label: 'laravel-echo-server 1.6.3', start: startLes },
  {
    id: 'ceiling-recovery',
    label: 'ceiling + connection state recovery',
    start: startCeilingWithRecovery,
  },
];
