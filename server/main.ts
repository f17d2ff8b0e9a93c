/**
 * The one-process backend: the built site, the echo server and the "Laravel side" on one
 * `http.Server`. {@link createSite} builds it (tests call it on port 0); run as a script, this
 * file reads the environment, listens and shuts down on SIGTERM/SIGINT. It is the only file
 * of the backend that reads `process.env` or calls `listen`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createAppRedis } from './app/redis-client.ts';
import { readSiteEnv, SITE_ENV_DEFAULTS, SiteEnvError } from './config/env.ts';
import { createLogger } from './config/logger.ts';
import { collectHealth, sendHealth, siteCheck, type SiteHealth } from './http/site-health.ts';
import { createStaticHandler } from './http/static-files.ts';

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
  /** @default a silent logger */
  readonly logger?: Logger;
}

/** A running site. */
export interface Site {
  /** `http://<host>:<port>` (127.0.0.1 when bound to every interface). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  health(): Promise<SiteHealth>;
  close(): Promise<void>;
}

const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Builds and starts the whole backend; resolves once it listens. */
export async function createSite(options: SiteOptions = {}): Promise<Site> {
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const distDir = resolve(PROJECT_ROOT, options.distDir ?? SITE_ENV_DEFAULTS.distDir);
  const redisUrl = options.redisUrl ?? SITE_ENV_DEFAULTS.redisUrl;
  const appRedis = createAppRedis(redisUrl, logger.child({ name: 'app-redis' }));
  const serveStatic = createStaticHandler(distDir);
  const health = (): Promise<SiteHealth> =>
    collectHealth({
      site: siteCheck(distDir),
      redis: () => {
        const state = appRedis.state();
        return state.ok
          ? { status: 'ok' }
          : { status: 'degraded', reason: state.reason ?? 'unknown' };
      },
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') {
      sendHealth(res, await health(), /[?&]strict=1\b/.test(req.url ?? ''));
      return;
    }
    await serveStatic(req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'Request failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal server error\n');
    });
  });

  const host = options.host ?? SITE_ENV_DEFAULTS.host;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? SITE_ENV_DEFAULTS.port, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    server,
    health,
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
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
  const site = await createSite({
    port: env.port,
    host: env.host,
    redisUrl: env.redisUrl,
    keyPrefix: env.redisPrefix,
    distDir: env.distDir,
    logger,
  });
  logger.info(`Echo Lab is running at ${site.url}`);
  if (env.host === '0.0.0.0' || env.host === '::') {
    for (const url of lanUrls(site.port)) logger.info(`On the local network: ${url}`);
  }
  const stop = (signal: string): void => {
    logger.info(`${signal} received: shutting down`);
    site.close().then(
      () => logger.info('Stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
