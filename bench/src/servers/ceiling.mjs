/** Starts the ceiling relay (ceiling-relay.mjs) as a child process, optionally with recovery. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../net-utils.mjs';
import { launchServer } from './launch-server.mjs';

const RELAY = fileURLToPath(new URL('./ceiling-relay.mjs', import.meta.url));

/** @type {import('./server-handle.mjs').StartServer} */
export async function startCeiling({ redisPort, keyPrefix, workDir }) {
  return start({ redisPort, keyPrefix, workDir }, []);
}

/** @type {import('./server-handle.mjs').StartServer} */
export async function startCeilingWithRecovery({ redisPort, keyPrefix, workDir }) {
  return start({ redisPort, keyPrefix, workDir }, ['--recovery']);
}

async function start({ redisPort, keyPrefix, workDir }, flags) {
  const port = await freePort();
  return launchServer({
    name: `ceiling relay${flags.length ? ` ${flags.join(' ')}` : ''}`,
    args: [RELAY, String(port), String(redisPort), keyPrefix, ...flags],
    logPath: join(workDir, `ceiling-${port}.log`),
    port,
    clientVersion: 'v4',
  });
}
