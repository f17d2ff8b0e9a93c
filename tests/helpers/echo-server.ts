/**
 * Starts an echo server for a test: the real factory on a real http.Server on port 0, with
 * its own random Redis key prefix.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import {
  createEchoServer,
  type EchoServer,
  type EchoServerConfigInput,
} from '../../server/echo/create-echo-server.ts';
import { randomPrefix, REDIS_URL } from './redis.ts';

/** A running test server. */
export interface TestEchoServer {
  echo: EchoServer;
  httpServer: http.Server;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Laravel's key prefix this server listens on. */
  prefix: string;
  close(): Promise<void>;
}

/** Options: config overrides, and the prefix/Redis URL to use. */
export interface StartEchoServerOptions {
  config?: EchoServerConfigInput;
  prefix?: string;
  redisUrl?: string;
  /** Log level (default "silent"; set ECHO_TEST_LOG=debug to see logs). */
  logLevel?: string;
}

/** Starts an echo server on port 0. */
export async function startEchoServer(
  options: StartEchoServerOptions = {},
): Promise<TestEchoServer> {
  const prefix = options.prefix ?? randomPrefix();
  const httpServer = http.createServer();
  const config: EchoServerConfigInput = {
    ...options.config,
    databaseConfig: {
      ...options.config?.databaseConfig,
      redis: {
        url: options.redisUrl ?? REDIS_URL,
        keyPrefix: prefix,
        ...options.config?.databaseConfig?.redis,
      },
    },
  };
  const logger = pino({ level: options.logLevel ?? process.env.ECHO_TEST_LOG ?? 'silent' });
  const echo = await createEchoServer({ httpServer, config, logger });
  httpServer.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/') === true) return;
    if (!echo.handleRequest(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    echo,
    httpServer,
    port,
    url: `http://127.0.0.1:${port}`,
    prefix,
    async close() {
      await echo.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
