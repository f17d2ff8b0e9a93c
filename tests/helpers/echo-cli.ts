/**
 * Runs the real `echo-server start` CLI as a child process, for crash and restart tests.
 * Stopped by PID at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EchoServerConfigInput } from '../../server/echo/config/config-schema.ts';
import { freePort } from './redis-server.ts';
import { waitFor } from './wait.ts';

const BIN = resolve(import.meta.dirname, '../../bin/echo-server.mjs');

/** A directory holding a `laravel-echo-server.json`. */
export interface CliDir {
  dir: string;
  file: string;
  port: number;
  protocol: 'http' | 'https';
  remove(): void;
}

/** Writes `config` (with a free port) to a new temporary directory. */
export async function writeCliConfig(config: EchoServerConfigInput): Promise<CliDir> {
  const dir = mkdtempSync(join(tmpdir(), 'echo-cli-'));
  const file = join(dir, 'laravel-echo-server.json');
  const port = typeof config.port === 'number' && config.port > 0 ? config.port : await freePort();
  writeFileSync(file, JSON.stringify({ ...config, port, host: '127.0.0.1' }, null, 2));
  const protocol = config.protocol === 'https' ? 'https' : 'http';
  return { dir, file, port, protocol, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The status of GET `url` (self-signed certificates accepted), or undefined when unreachable. */
export function probe(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
  });
}

/** A running CLI process. */
export interface CliProcess {
  child: ChildProcess;
  url: string;
  /** Collected stdout + stderr. */
  output(): string;
  /** Sends `signal` and waits for the exit; resolves with the exit code (or signal). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts `echo-server start --config <file>` in `cli.dir` and waits until /health answers. */
export async function startCli(cli: CliDir, env: NodeJS.ProcessEnv = {}): Promise<CliProcess> {
  const child = spawn(process.execPath, [BIN, 'start', '--config', cli.file], {
    cwd: cli.dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | string>((res) =>
    child.once('exit', (code, signal) => res(code ?? signal ?? -1)),
  );
  const url = `${cli.protocol}://127.0.0.1:${cli.port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`echo-server exited early:\n${out}`);
      return (await probe(`${url}/health`)) !== undefined;
    },
    'the CLI server to answer /health',
    20_000,
  );
  return {
    child,
    url,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
