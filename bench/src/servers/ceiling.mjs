/** Starts the ceiling relay (ceiling-relay.mjs) as a child process. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../net-utils.mjs';
import { launchServer } from './launch-server.mjs';

const RELAY = fileURLToPath(new URL('./ceiling-relay.mjs', import.meta.url));

/** @type {import('./server-handle.mjs').StartServer} */
export async function startCeiling({ redisPort, keyPrefix, workDir }) {
  const port = await freePort();
  return launchServer({
    name: 'ceiling relay',
    args: [RELAY, String(port), String(redisPort), keyPrefix],
    logPath: join(workDir, `ceiling-${port}.log`),
    port,
    clientVersion: 'v4',
  });
}
