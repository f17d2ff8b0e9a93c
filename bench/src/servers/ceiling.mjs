/** Starts the ceiling relay (ceiling-relay.mjs) as a child process. */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST, freePort, waitForHttp200 } from '../net-utils.mjs';
import { stopChild, track } from '../processes.mjs';

const RELAY = fileURLToPath(new URL('./ceiling-relay.mjs', import.meta.url));

/** @type {import('./server-handle.mjs').StartServer} */
export async function startCeiling({ redisPort, keyPrefix, workDir }) {
  const port = await freePort();
  const log = openSync(join(workDir, 'ceiling.log'), 'a');
  const child = track(
    spawn(process.execPath, [RELAY, String(port), String(redisPort), keyPrefix], { stdio: ['ignore', log, log] }),
    'ceiling',
  );
  await waitForHttp200(`http://${HOST}:${port}/socket.io/?EIO=4&transport=polling`, child);
  return { pid: child.pid, url: `http://${HOST}:${port}`, clientVersion: 'v4', stop: () => stopChild(child) };
}
