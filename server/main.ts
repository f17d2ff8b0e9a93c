/**
 * The one-process backend: the built site, the echo server, the "Laravel side" and the demo
 * services on one `http.Server`. {@link createSite} builds it (tests call it on port 0); run as a script, this
 * file reads the environment, listens and shuts down on SIGTERM/SIGINT. It is the only file
 * of the backend that reads `process.env` or calls `listen`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createApp, type App } from './app/create-app.ts';
import { createAppRedis, redactRedisUrl } from './app/redis-client.ts';
import { readSiteEnv, SITE_ENV_DEFAULTS, SiteEnvError } from './config/env.ts';
import { createLogger } from './config/logger.ts';
import { collectHealth, sendHealth, siteCheck, type SiteHealth } from './http/site-health.ts';
import { createStaticHandler } from './http/static-files.ts';
import { createDemos, type Demos } from './demos/create-demos.ts';
import {
  createEchoServer,
  type EchoServer,
  type EchoServerConfigInput,
} from './echo/create-echo-server.ts';

/** Options of {@link createSite}; every one has a default. */
export interface SiteOptions {
  /** @default 4321; 0 picks a free port. */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** @default "redis://127.0.0.1:6379" */
  readonly redisUrl?: string;
  /** Laravel's Redis key prefix. @default "laravel_database_" */
  readonly keyPrefix?: string;
  /** @default "dist" in the project root */
  readonly distDir?: string;
  /** Redis of the command-running demos. @default the broadcasting Redis, database 1 */
  readonly demoRedisUrl?: string | undefined;
  /** @default a silent logger */
  readonly logger?: Logger;
  /**
   * Extra `laravel-echo-server.json` options for the echo server (e.g. `clients` for the
   * HTTP API). `authHost` and the Redis connection are set by the site.
   */
  readonly echoConfig?: EchoServerConfigInput;
}

/** A running site. */
export interface Site {
  /** `http://<host>:<port>` (127.0.0.1 when bound to every interface). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly app: App;
  readonly echo: EchoServer;
  readonly demos: Demos;
  health(): Promise<SiteHealth>;
  close(): Promise<void>;
}

const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Runs `start`; if it fails, releases what was already started, so the process can exit. */
async function startOrRelease<T>(
  release: () => Promise<void>,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
}

/** Builds and starts the whole backend; resolves once it listens. */
export async function createSite(options: SiteOptions = {}): Promise<Site> {
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const distDir = resolve(PROJECT_ROOT, options.distDir ?? SITE_ENV_DEFAULTS.distDir);
  const redisUrl = options.redisUrl ?? SITE_ENV_DEFAULTS.redisUrl;
  const keyPrefix = options.keyPrefix ?? SITE_ENV_DEFAULTS.redisPrefix;
  const appRedis = createAppRedis(redisUrl, logger.child({ name: 'app' }));
  const app = createApp({
    redis: appRedis.redis,
    keyPrefix,
    logger: logger.child({ name: 'app' }),
  });
  const serveStatic = createStaticHandler(distDir);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A visitor closing the tab mid-request is normal traffic, not a server fault.
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
        logger.debug({ url: req.url }, 'Request aborted by the client');
        return;
      }
      logger.error({ err: error, url: req.url }, 'Request failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal server error\n');
    });
  });

  // Socket.IO attaches to the server first: it takes /socket.io/ and passes the rest on.
  const echoConfig = options.echoConfig ?? {};
  const echo = await startOrRelease(appRedis.close, () =>
    createEchoServer({
      httpServer: server,
      logger: logger.child({ name: 'echo' }),
      config: {
        ...echoConfig,
        // Replaced by this process's own address once it listens (the port may be 0 until then).
        authHost: 'http://127.0.0.1',
        authEndpoint: '/broadcasting/auth',
        databaseConfig: { ...echoConfig.databaseConfig, redis: { url: redisUrl, keyPrefix } },
      },
    }),
  );

  const demos = await startOrRelease(
    async () => {
      await echo.close();
      await appRedis.close();
    },
    () =>
      createDemos({
        httpServer: server,
        echo,
        app,
        redisUrl,
        demoRedisUrl: options.demoRedisUrl,
        keyPrefix,
        logger: logger.child({ name: 'demos' }),
      }),
  );

  const health = (): Promise<SiteHealth> =>
    collectHealth({
      site: siteCheck(distDir),
      redis: () => {
        const state = appRedis.state();
        return state.ok
          ? { status: 'ok' }
          : { status: 'degraded', reason: state.reason ?? 'unknown' };
      },
      echo: async () => {
        const report = await echo.health();
        if (report.status === 'ok') return { status: 'ok' };
        const reasons = Object.values(report.checks)
          .filter((check) => !check.ok)
          .map((check) => check.detail ?? 'not ok');
        return { status: 'degraded', reason: reasons.join('; ') || 'degraded' };
      },
      demos: async () => {
        const offline = Object.entries(await demos.health()).filter(([, state]) => !state.ok);
        if (offline.length === 0) return { status: 'ok' };
        const reasons = offline.map(([name, state]) => `${name}: ${state.reason ?? 'offline'}`);
        return { status: 'degraded', reason: reasons.join('; ') };
      },
    });

  // Order: the site's own /health (it includes echo's), echo's HTTP API, the app, the demo
  // services, the files.
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') {
      sendHealth(res, await health(), /[?&]strict=1\b/.test(req.url ?? ''));
      return;
    }
    if (echo.handleRequest(req, res)) return;
    if (await app.handleRequest(req, res)) return;
    if (await demos.handleRequest(req, res)) return;
    await serveStatic(req, res);
  }

  const host = options.host ?? SITE_ENV_DEFAULTS.host;
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? SITE_ENV_DEFAULTS.port, host, () => {
        server.off('error', fail);
        done();
      });
    });
  } catch (error) {
    // Nothing may stay open after a failed start, or the process would not exit.
    await Promise.allSettled([demos.close(), echo.close(), appRedis.close()]);
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  // The echo server asks this same process whether a socket may join a private channel.
  echo.config.authHost = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    server,
    app,
    echo,
    demos,
    health,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((done) => server.close(() => done()));
        await demos.close();
        // Echo before the sockets are cut: it leaves presence cleanly and tells clients to
        // reconnect (to this server once it is back, or to a peer).
        await echo.close();
        server.closeAllConnections();
        await stopped;
        await appRedis.close();
      })();
      return closing;
    },
  };
}

/** The LAN addresses a classroom can use when the site binds every interface. */
export function lanUrls(port: number): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && info.family === 'IPv4' && !info.internal)
    .map((info) => `http://${info?.address ?? ''}:${port}`);
}

async function main(): Promise<void> {
  let env;
  try {
    env = readSiteEnv(process.env, process.stdout.isTTY);
  } catch (error) {
    if (error instanceof SiteEnvError) {
      createLogger({ format: 'pretty' }).fatal(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const logger = createLogger({ level: env.logLevel, format: env.logFormat });
  let site: Site;
  try {
    site = await createSite({
      port: env.port,
      host: env.host,
      redisUrl: env.redisUrl,
      keyPrefix: env.redisPrefix,
      distDir: env.distDir,
      demoRedisUrl: env.demoRedisUrl,
      logger,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      logger.fatal(
        `Cannot listen on ${env.host}:${env.port} (${code}). ` +
          (code === 'EADDRINUSE'
            ? 'Another process uses that port: stop it or set PORT to a free one.'
            : 'Set HOST to an address of this machine and PORT to a port above 1023.'),
      );
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  logger.info(
    `Echo Lab is running at ${site.url}  (Redis ${redactRedisUrl(env.redisUrl)}, key prefix "${env.redisPrefix}")`,
  );
  if (env.host === '0.0.0.0' || env.host === '::') {
    for (const url of lanUrls(site.port)) logger.info(`On the local network: ${url}`);
  }
  const health = await site.health();
  if (health.checks['site']?.status !== 'ok')
    logger.warn(health.checks['site']?.reason ?? 'The site is not built');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(130);
    }
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    site.close().then(
      () => logger.info('Stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
