/**
 * The server side of the live demos. Each demo that needs more than the echo server and the
 * "Laravel side" contributes a {@link DemoService}; `create-demos.ts` composes them into one
 * request handler that `server/main.ts` mounts under `/demos/`.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { App } from '../app/create-app.ts';
import type { EchoServer } from '../echo/create-echo-server.ts';

/** What every demo service is given: the running parts of the one-process backend. */
export interface DemoContext {
  /** The site's one `http.Server` (a demo may attach a WebSocket endpoint to its `upgrade`). */
  readonly httpServer: Server;
  /** The echo server (its Socket.IO server, events and config). */
  readonly echo: EchoServer;
  /** The "Laravel side" (broadcaster, channel rules, sessions). */
  readonly app: App;
  /** Where Redis is, e.g. `redis://127.0.0.1:6379`. */
  readonly redisUrl: string;
  /**
   * Redis for the demos that let readers run Redis commands (console, pub/sub, cache), so
   * their traffic stays apart from broadcasting. Undefined: the broadcasting Redis, database 1.
   */
  readonly demoRedisUrl?: string | undefined;
  /** Laravel's Redis key prefix, as the echo server strips it. */
  readonly keyPrefix: string;
  readonly logger: Logger;
}

/** One demo's server side. */
export interface DemoService {
  /** A short name for logs and `/health`, e.g. `redis-console`. */
  readonly name: string;
  /**
   * Answers the demo's own HTTP routes (all under `/demos/<name>/`); resolves false, writing
   * nothing, for any other request.
   */
  handleRequest?(req: IncomingMessage, res: ServerResponse): Promise<boolean> | boolean;
  /** Whether the demo can work now; `reason` says why not (shown by the demo). */
  health?(): Promise<{ ok: boolean; reason?: string }> | { ok: boolean; reason?: string };
  /** Releases everything the service holds (sockets, Redis connections, timers). */
  close(): Promise<void>;
}

/** Builds one demo service. */
export type DemoServiceFactory = (context: DemoContext) => Promise<DemoService> | DemoService;
