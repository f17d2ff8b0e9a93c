/**
 * The `echo-server` command, with laravel-echo-server's verbs: `start`, `stop`, `init`
 * (alias `configure`), `client:add`, `client:remove`. Returns the exit code.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { newAppId, newKey, readRawConfig, writeRawConfig } from './config-file.ts';
import { initCommand } from './init-command.ts';
import { startCommand } from './start-command.ts';

const USAGE = `Usage: echo-server <command> [options]

Commands:
  start [--config FILE] [--dir DIR] [--dev]   Start the server (Ctrl-C or SIGTERM stops it gracefully)
  init [--config FILE] [--force] [--yes] [--auth-host URL] [--port N] [--key-prefix P]
       [--redis-host H] [--redis-port N] [--protocol http|https] [--dev] [--add-client]
                                              Write a laravel-echo-server.json
  client:add [APP_ID] [--config FILE]         Add an HTTP API client (prints its id and key)
  client:remove APP_ID [--config FILE]        Remove an HTTP API client
  stop                                        Explain how to stop a server (there is no lock file)
`;

/** Where the CLI writes; tests pass their own. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const STDIO: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function main(argv: string[], io: CliOutput = STDIO): Promise<number> {
  const { out, err } = io;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        dir: { type: 'string' },
        dev: { type: 'boolean' },
        force: { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        'auth-host': { type: 'string' },
        port: { type: 'string' },
        'key-prefix': { type: 'string' },
        'redis-host': { type: 'string' },
        'redis-port': { type: 'string' },
        protocol: { type: 'string' },
        'add-client': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, arg] = positionals;
  if (values.help === true || command === undefined) {
    out(USAGE);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  const dir = resolve(values.dir ?? process.cwd());
  const file = resolve(dir, values.config ?? 'laravel-echo-server.json');
  try {
    switch (command) {
      case 'start': {
        const { config } = loadConfig({
          dir,
          configPath: file,
          required: values.config !== undefined,
        });
        if (values.dev === true) config.devMode = true;
        const logger = pino({ name: 'echo-server', level: config.devMode ? 'debug' : 'info' });
        return await startCommand(config, logger);
      }
      case 'stop':
        out(
          'echo-server writes no lock file or PID file. Stop it with Ctrl-C or SIGTERM (kill <pid>, docker stop, systemctl stop): it leaves presence channels and tells clients to reconnect.',
        );
        return 0;
      case 'init':
      case 'configure':
        return await initCommand(file, values, out);
      case 'client:add': {
        const config = readRawConfig(file);
        const clients = Array.isArray(config.clients) ? (config.clients as unknown[]) : [];
        const appId = arg ?? newAppId();
        if (
          clients.some(
            (c) => typeof c === 'object' && c !== null && 'appId' in c && c.appId === appId,
          )
        ) {
          err(
            `A client with appId ${appId} already exists in ${file}. Remove it first with "echo-server client:remove ${appId}".`,
          );
          return 1;
        }
        const key = newKey();
        config.clients = [...clients, { appId, key }];
        writeRawConfig(file, config);
        out(`appId: ${appId}\nkey: ${key}`);
        return 0;
      }
      case 'client:remove': {
        if (arg === undefined) {
          err('client:remove needs the appId to remove: echo-server client:remove <appId>');
          return 2;
        }
        const config = readRawConfig(file);
        const clients = Array.isArray(config.clients) ? (config.clients as unknown[]) : [];
        const kept = clients.filter(
          (c) => !(typeof c === 'object' && c !== null && 'appId' in c && c.appId === arg),
        );
        if (kept.length === clients.length) {
          err(`No client with appId ${arg} in ${file}.`);
          return 1;
        }
        config.clients = kept;
        writeRawConfig(file, config);
        out(`Removed client ${arg}.`);
        return 0;
      }
      default:
        err(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message);
      return 1;
    }
    throw error;
  }
}
