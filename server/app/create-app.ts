/**
 * The "Laravel side" as one request handler: the demo app's routes under `/app/`, and
 * `/broadcasting/auth` as `Broadcast::routes()` registers it (GET or POST, `web` middleware:
 * session + CSRF). `handleRequest` answers and returns true for its paths, false otherwise.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BodyError, readBody } from '../http/request-body.ts';
import { sendJson, sendRaw } from '../http/respond.ts';
import { broadcastRoute, notifyRoute } from './broadcast-routes.ts';
import { authorizeChannel, CSRF_MISMATCH, type AuthAnswer } from './broadcasting-auth.ts';
import { Broadcaster, type Published } from './broadcaster.ts';
import type { ChannelRules } from './channel-rules.ts';
import { createTutorialChannels } from './channels.ts';
import { RateLimiter } from './rate-limit.ts';
import { createRequestContext, type RequestContext } from './request-context.ts';
import { issueToken, login, logout, me, users } from './session-routes.ts';
import { createRedisSessionPersistence } from './session-persistence.ts';
import { SESSION_LIFETIME_MS, SessionStore } from './sessions.ts';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The connection broadcasts are published on. */
  readonly redis: Redis;
  /** Laravel's Redis key prefix (`database.redis.options.prefix`). */
  readonly keyPrefix: string;
  /** The process logger (the app logs auth decisions at debug level). */
  readonly logger: Logger;
  /** @default the tutorial's rules ({@link createTutorialChannels}) */
  readonly channels?: ChannelRules;
  /** @default a new store, copied to Redis under the key prefix (sessions survive a restart) */
  readonly sessions?: SessionStore;
  /** Mark cookies `Secure` (behind HTTPS). @default false */
  readonly secureCookies?: boolean;
}

/** One `/broadcasting/auth` exchange, as the demos' inspectors show it. */
export interface AuthEvent {
  readonly channel: string;
  readonly status: number;
  /** The exact body sent back, and its type. */
  readonly body: string;
  readonly contentType: string;
  /** Why, in words (not sent to the client). */
  readonly reason: string;
  readonly userId: number | null;
  /** What the request carried: the pieces a misconfigured app usually lacks. */
  readonly request: {
    readonly cookie: boolean;
    readonly csrfHeader: boolean;
    readonly bearer: boolean;
  };
  readonly at: number;
}

/** What the app reports as it works, for the demos' live views. */
export interface AppEvents {
  /** A `/broadcasting/auth` request was answered. */
  auth: [AuthEvent];
  /** The app published a broadcast. */
  broadcast: [Published];
}

/** The running app. */
export interface App {
  /** Answers `/app/*` and `/broadcasting/auth`; false for any other path (nothing written). */
  handleRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  readonly broadcaster: Broadcaster;
  readonly channels: ChannelRules;
  readonly sessions: SessionStore;
  readonly events: EventEmitter<AppEvents>;
}

/** The path of Laravel's channel authorization route. */
export const AUTH_PATH = '/broadcasting/auth';

const authBody = z.object({ channel_name: z.string().max(300).default('') }).loose();

/** The `_token` field of a form or JSON body, which Laravel checks before the headers. */
function formToken(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('_token' in body)) return undefined;
  return typeof body._token === 'string' ? body._token : undefined;
}

/** Builds the app on a Redis connection. */
export function createApp(options: AppOptions): App {
  const channels = options.channels ?? createTutorialChannels();
  const sessions =
    options.sessions ??
    new SessionStore({
      persistence: createRedisSessionPersistence(
        options.redis,
        options.keyPrefix,
        SESSION_LIFETIME_MS / 1000,
      ),
    });
  const events = new EventEmitter<AppEvents>();
  const broadcaster = new Broadcaster(options.redis, options.keyPrefix, (published) =>
    events.emit('broadcast', published),
  );
  const limiter = new RateLimiter();
  const logger = options.logger;

  async function authorize(context: RequestContext, body: unknown): Promise<void> {
    const fromQuery = new URL(context.req.url ?? '/', 'http://localhost').searchParams.get(
      'channel_name',
    );
    const parsed = authBody.safeParse(fromQuery === null ? body : { channel_name: fromQuery });
    const channel = parsed.success ? parsed.data.channel_name : '';
    // GET skips CSRF, as VerifyCsrfToken does for reads.
    const answer: AuthAnswer =
      context.req.method === 'POST' && !context.csrfValid(formToken(body))
        ? CSRF_MISMATCH
        : await authorizeChannel(channels, context.user(), channel);
    const userId = context.user()?.id ?? null;
    logger.debug({ channel, status: answer.status, userId }, `broadcasting/auth: ${answer.reason}`);
    const headers = context.req.headers;
    events.emit('auth', {
      channel,
      status: answer.status,
      body: answer.body,
      contentType: answer.contentType,
      reason: answer.reason,
      userId,
      request: {
        cookie: headers.cookie !== undefined,
        csrfHeader: headers['x-csrf-token'] !== undefined || headers['x-xsrf-token'] !== undefined,
        bearer: /^Bearer\s/i.test(headers.authorization ?? ''),
      },
      at: Date.now(),
    });
    sendRaw(context.res, answer.status, answer.contentType, answer.body);
  }

  async function route(context: RequestContext, path: string, method: string): Promise<void> {
    if (method === 'GET' && path === '/app/me') return me(context);
    if (method === 'GET' && path === '/app/users') return users(context);
    if (method === 'GET' && path === '/app/channels') {
      return sendJson(context.res, 200, {
        patterns: channels.patterns(),
        rules: channels.describe(),
        keyPrefix: broadcaster.keyPrefix,
      });
    }
    const posts = ['/app/login', '/app/logout', '/app/tokens', '/app/broadcast', '/app/notify'];
    if (!posts.includes(path)) return sendJson(context.res, 404, { message: `No route ${path}` });
    if (method !== 'POST') {
      context.res.setHeader('Allow', 'POST');
      return sendJson(context.res, 405, { message: `${path} takes POST` });
    }
    const body = await readBody(context.req);
    if (!context.csrfValid(formToken(body)))
      return sendRaw(context.res, 419, CSRF_MISMATCH.contentType, CSRF_MISMATCH.body);
    if (path === '/app/login') return login(context, sessions, body);
    if (path === '/app/logout') return logout(context, sessions);
    if (path === '/app/tokens') return issueToken(context, sessions, body);
    if (!limiter.take(context.clientKey())) {
      context.res.setHeader('Retry-After', '1');
      return sendJson(context.res, 429, { message: 'Too Many Attempts.' });
    }
    if (path === '/app/broadcast') return broadcastRoute(context, broadcaster, channels, body);
    return notifyRoute(context, broadcaster, body);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const isAuth = path === AUTH_PATH;
    if (!isAuth && path !== '/app' && !path.startsWith('/app/')) return false;
    const context = await createRequestContext(req, res, sessions, options.secureCookies ?? false);
    const method = req.method ?? 'GET';
    try {
      if (isAuth) {
        if (method !== 'POST' && method !== 'GET') {
          res.setHeader('Allow', 'GET, POST');
          sendJson(res, 405, { message: 'The broadcasting/auth route takes GET or POST' });
        } else {
          await authorize(context, method === 'POST' ? await readBody(req) : {});
        }
      } else {
        await route(context, path, method);
      }
    } catch (error) {
      if (error instanceof BodyError) sendJson(res, error.status, { message: error.message });
      else throw error;
    }
    return true;
  }

  return { handleRequest, broadcaster, channels, sessions, events };
}
