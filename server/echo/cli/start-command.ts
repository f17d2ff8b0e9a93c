/**
 * `echo-server start`: loads the configuration, listens, and shuts down gracefully on
 * SIGTERM/SIGINT. Unlike laravel-echo-server it writes no lock file, so a container or a
 * crashed process restarts without clean-up.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import type { EchoServerConfig } from '../config/config-schema.ts';
import { ConfigError } from '../config/load-config.ts';
import { createEchoServer } from '../create-echo-server.ts';

function tlsOptions(config: EchoServerConfig): https.ServerOptions {
  const read = (path: string, option: string): Buffer => {
    if (path === '')
      throw new ConfigError(
        `protocol is "https" but ${option} is empty. Set ${option} to a PEM file, or use protocol "http".`,
      );
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigError(
        `Could not read ${option} "${path}" (${(error as NodeJS.ErrnoException).code ?? 'error'}). Fix the path in the config.`,
      );
    }
  };
  const options: https.ServerOptions = {
    cert: read(config.sslCertPath, 'sslCertPath'),
    key: read(config.sslKeyPath, 'sslKeyPath'),
  };
  if (config.sslCertChainPath !== '')
    options.ca = read(config.sslCertChainPath, 'sslCertChainPath');
  if (config.sslPassphrase !== '') options.passphrase = config.sslPassphrase;
  return options;
}

/** Starts the server; resolves with the exit code once it has stopped. */
export async function startCommand(config: EchoServerConfig, logger: Logger): Promise<number> {
  const httpServer =
    config.protocol === 'https' ? https.createServer(tlsOptions(config)) : http.createServer();
  const echo = await createEchoServer({ httpServer, config, logger });
  httpServer.on('request', (req, res) => {
    // Socket.IO answers its own path before this listener runs.
    if (req.url?.startsWith('/socket.io/') === true) return;
    if (!echo.handleRequest(req, res)) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":"Not found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host ?? undefined, () => {
      httpServer.off('error', reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(
      error.code === 'EADDRINUSE'
        ? `Port ${config.port} is already in use. Stop the other process or set "port" (LARAVEL_ECHO_SERVER_PORT).`
        : `Could not listen on ${config.host ?? '*'}:${config.port} (${error.code ?? error.message}).`,
    );
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info(
    { port, host: config.host, protocol: config.protocol },
    `Echo server listening on ${config.protocol}://${config.host ?? '0.0.0.0'}:${port}`,
  );
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      logger.info(
        { signal },
        'Shutting down: leaving presence channels, asking clients to reconnect',
      );
      const force = setTimeout(() => {
        logger.warn('Graceful shutdown timed out (shutdownTimeoutMs); exiting');
        resolve(1);
      }, config.shutdownTimeoutMs);
      force.unref();
      echo
        .close()
        .then(
          () =>
            new Promise<void>((done) => {
              httpServer.close(() => done());
              httpServer.closeAllConnections();
            }),
        )
        .then(
          () => {
            clearTimeout(force);
            resolve(0);
          },
          (err: unknown) => {
            logger.error({ err }, 'Error during shutdown');
            resolve(1);
          },
        );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
