/**
 * Starts our server as a user would: `node bin/echo-server.mjs start --config <file>` from the
 * repository root, with a generated laravel-echo-server.json (random key prefix, devMode off,
 * 127.0.0.1). Every other option keeps its default, connection state recovery included.
 * The bench's Node clients send no Origin header, which our default origin policy allows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST, freePort } from '../net-utils.mjs';
import { cleanEnv } from './clean-env.mjs';
import { launchServer } from './launch-server.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** @type {import('./server-handle.mjs').StartServer} */
export const startOurs = (options) => start(options, 'v4');

/**
 * Ours again, driven by socket.io-client 2 (Engine.IO 3, `allowEIO3`): the laravel-echo 1.x
 * stack, and the same client library laravel-echo-server is measured with.
 * @type {import('./server-handle.mjs').StartServer}
 */
export const startOursForEio3Clients = (options) => start(options, 'v2');

async function start({ redisPort, keyPrefix, workDir }, clientVersion) {
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
  return launchServer({
    name: 'echo-server (ours)',
    args: ['bin/echo-server.mjs', 'start', '--config', configPath],
    cwd: REPO_ROOT,
    env: cleanEnv(),
    logPath: join(dir, 'server.log'),
    port,
    clientVersion,
  });
}
