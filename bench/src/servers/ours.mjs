/**
 * Starts our server as a user would: `node bin/echo-server.mjs start --config <file>` from the
 * repository root, with a generated laravel-echo-server.json (random key prefix, devMode off,
 * 127.0.0.1). Every other option keeps its default, connection state recovery included.
 * The bench's Node clients send no Origin header, which our default origin policy allows.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST, freePort, waitForHttp200 } from '../net-utils.mjs';
import { stopChild, track } from '../processes.mjs';
import { cleanEnv } from './clean-env.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** @type {import('./server-handle.mjs').StartServer} */
export async function startOurs({ redisPort, keyPrefix, workDir }) {
  const port = await freePort();
  const dir = join(workDir, `ours-${port}`);
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'laravel-echo-server.json');
  const config = {
    authHost: `http://${HOST}`,
    database: 'redis',
    databaseConfig: { redis: { host: HOST, port: redisPort, keyPrefix } },
    devMode: false,
    host: HOST,
    port,
    protocol: 'http',
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const log = openSync(join(dir, 'server.log'), 'a');
  const child = track(
    spawn(process.execPath, ['bin/echo-server.mjs', 'start', '--config', configPath], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      stdio: ['ignore', log, log],
    }),
    'echo-server (ours)',
  );
  await waitForHttp200(`http://${HOST}:${port}/socket.io/?EIO=4&transport=polling`, child);
  return { pid: child.pid, url: `http://${HOST}:${port}`, clientVersion: 'v4', stop: () => stopChild(child) };
}
