/**
 * Who is asking: the session from the cookie, the user from the session or a bearer token,
 * and whether the CSRF token matches. Mirrors Laravel's `web` middleware group (session start
 * + `VerifyCsrfToken`, which accepts a `_token` field, `X-CSRF-TOKEN`, or the `XSRF-TOKEN`
 * cookie's echo in `X-XSRF-TOKEN`) and a token guard for `Authorization: Bearer`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookies, serializeCookie } from '../http/cookies.ts';
import { sameSecret, type Session, type SessionStore } from './sessions.ts';
import type { User } from './users.ts';

/** The session cookie's name (Laravel's is `laravel_session`). */
export const SESSION_COOKIE = 'echo_lab_session';
/** The readable cookie axios copies into `X-XSRF-TOKEN`, as Laravel sets it. */
export const XSRF_COOKIE = 'XSRF-TOKEN';

/** One request, seen by the app. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The session named by the cookie, if it is live. */
  session: Session | undefined;
  /** The bearer token's user, when the request carries one that is valid. */
  readonly tokenUser: User | undefined;
  /** The user: the bearer token's, else the session's. */
  user(): User | undefined;
  /**
   * Whether the request passes `VerifyCsrfToken`: the body's `_token`, else `X-CSRF-TOKEN`,
   * else `X-XSRF-TOKEN`, must equal the session's token. Token-authenticated requests pass.
   */
  csrfValid(bodyToken?: string): boolean;
  /** The session, started (with its cookies) when the request had none. */
  ensureSession(): Session;
  /** Sends the cookies for `session` with the response (after login/logout). */
  setSessionCookies(session: Session): void;
  /** A key to rate-limit by: the session or token, never the IP (a class shares one). */
  clientKey(): string;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Builds the context of one request (the session may come back from Redis after a restart). */
export async function createRequestContext(
  req: IncomingMessage,
  res: ServerResponse,
  sessions: SessionStore,
  secureCookies: boolean,
): Promise<RequestContext> {
  const cookies = parseCookies(header(req, 'cookie'));
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
  const tokenUser = bearer === undefined ? undefined : await sessions.findTokenUser(bearer);
  const session = await sessions.find(cookies.get(SESSION_COOKIE));
  const context: RequestContext = {
    req,
    res,
    session,
    tokenUser,
    user: () => tokenUser ?? context.session?.user,
    csrfValid(bodyToken) {
      if (tokenUser !== undefined) return true;
      const session = context.session;
      if (session === undefined) return false;
      const given = bodyToken ?? header(req, 'x-csrf-token') ?? header(req, 'x-xsrf-token');
      return sameSecret(given, session.csrfToken);
    },
    ensureSession() {
      if (context.session !== undefined) return context.session;
      const session = sessions.create();
      context.setSessionCookies(session);
      return session;
    },
    setSessionCookies(session) {
      context.session = session;
      res.setHeader('Set-Cookie', [
        serializeCookie(SESSION_COOKIE, session.id, {
          httpOnly: true,
          sameSite: 'Lax',
          secure: secureCookies,
        }),
        serializeCookie(XSRF_COOKIE, session.csrfToken, {
          httpOnly: false,
          sameSite: 'Lax',
          secure: secureCookies,
        }),
      ]);
    },
    clientKey: () =>
      bearer !== undefined ? `token:${bearer}` : `session:${context.session?.id ?? 'none'}`,
  };
  return context;
}
