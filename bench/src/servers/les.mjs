/**
 * Starts laravel-echo-server 1.6.3 (installed from npm in bench/node_modules) with its own
 * laravel-echo-server.json in a temporary directory. LES runs in the process we spawn (no
 * fork), so that PID is the server. It serves Socket.IO 2 (EIO 3) only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { HOST, freePort } from '../net-utils.mjs';
import { cleanEnv } from './clean-env.mjs';
import { launchServer } from './launch-server.mjs';

const require = createRequire(import.meta.url);
const LES_BIN = require.resolve('laravel-echo-server/bin/server.js');

/** @type {import('./server-handle.mjs').StartServer} */
export async function startLes({ redisPort, keyPrefix, workDir }) {
  const port = await freePort();
  const dir = join(workDir, `les-${port}`);
  mkdirSync(dir, { recursive: true });
  const config = {
    authHost: `http://${HOST}`,
    authEndpoint: '/broadcasting/auth',
    clients: [],
    database: 'redis',
    databaseConfig: {
      redis: { host: HOST, port: redisPort, keyPrefix },
      sqlite: {},
      publishPresence: true,
    },
    devMode: false,
    host: HOST,
    port,
    protocol: 'http',
    socketio: {},
    subscribers: { http: true, redis: true },
    apiOriginAllow: { allowCors: false, allowOrigin: '', allowMethods: '', allowHeaders: '' },
  };
  writeFileSync(join(dir, 'laravel-echo-server.json'), JSON.stringify(config, null, 2));
  return launchServer({
    name: 'laravel-echo-server',
    args: [LES_BIN, 'start', '--config', 'laravel-echo-server.json'],
    cwd: dir,
    env: cleanEnv(),
    logPath: join(dir, 'server.log'),
    port,
    clientVersion: 'v2',
  });
}
