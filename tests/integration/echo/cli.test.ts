/**
 * The `echo-server` CLI verbs of PROTOCOL.md section 6, run as a user runs them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../../server/echo/cli/main.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/echo-server.mjs');
const dir = mkdtempSync(join(tmpdir(), 'echo-cli-verbs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// The developer's own LARAVEL_ECHO_SERVER_* variables must not leak into these runs.
function withoutEchoVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('LARAVEL_ECHO_SERVER_')),
  );
}

/** Runs the real binary (slow under load: tsx compiles on every start). */
function runBinary(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    env: withoutEchoVariables(),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface RawClients {
  clients: { appId: string; key: string }[];
  authHost: string;
  port: number;
  databaseConfig: { redis: { keyPrefix: string } };
}
/** Runs the CLI in this process, as the binary does, with `--dir` for the working directory. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, '--dir', dir], {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
  });
  return { code, out, err };
}

const read = (): RawClients =>
  JSON.parse(readFileSync(join(dir, 'laravel-echo-server.json'), 'utf8')) as RawClients;

describe('echo-server CLI', () => {
  test('init writes a config from flags, and refuses to overwrite without --force', async () => {
    const first = await run(
      'init',
      '--yes',
      '--auth-host',
      'http://app.test',
      '--port',
      '6010',
      '--key-prefix',
      'laravel-database-',
      '--add-client',
    );
    assert.equal(first.code, 0, first.err);
    const config = read();
    assert.equal(config.authHost, 'http://app.test');
    assert.equal(config.port, 6010);
    assert.equal(config.databaseConfig.redis.keyPrefix, 'laravel-database-');
    assert.equal(config.clients.length, 1);
    assert.match(config.clients[0]?.appId ?? '', /^[0-9a-f]{16}$/);
    assert.match(config.clients[0]?.key ?? '', /^[0-9a-f]{32}$/);
    assert.equal((await run('init', '--yes')).code, 1);
    assert.equal((await run('configure', '--yes', '--force')).code, 0);
  });

  test('client:add and client:remove', async () => {
    const added = await run('client:add', 'my-app');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /appId: my-app\nkey: [0-9a-f]{32}/);
    assert.ok(read().clients.some((c) => c.appId === 'my-app'));
    assert.equal((await run('client:add', 'my-app')).code, 1, 'duplicate app id');
    const generated = await run('client:add');
    assert.match(generated.out, /appId: [0-9a-f]{16}/);
    assert.equal((await run('client:remove', 'my-app')).code, 0);
    assert.ok(!read().clients.some((c) => c.appId === 'my-app'));
    assert.equal((await run('client:remove', 'my-app')).code, 1);
    assert.equal((await run('client:remove')).code, 2);
  });

  test('start with a bad config exits 1 with a message naming the option and the fix', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ port: 'six thousand', protocol: 'ftp' }));
    const r = runBinary('start', '--config', 'bad.json');
    assert.equal(r.code, 1);
    assert.match(r.err, /option "port"/);
    assert.match(r.err, /option "protocol"/);
    assert.match(r.err, /LARAVEL_ECHO_SERVER_PORT/);
    const missing = await run('start', '--config', 'missing.json');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /not found.*echo-server init/s);
    writeFileSync(join(dir, 'https.json'), JSON.stringify({ protocol: 'https' }));
    const https = await run('start', '--config', 'https.json');
    assert.equal(https.code, 1);
    assert.match(https.err, /sslCertPath is empty/);
  });

  test('stop explains that there is no lock file; unknown verbs fail', async () => {
    const stop = await run('stop');
    assert.equal(stop.code, 0);
    assert.match(stop.out, /no lock file/);
    assert.equal((await run('frobnicate')).code, 2);
    assert.equal((await run('--help')).code, 0);
  });
});
