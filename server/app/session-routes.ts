/**
 * The login side of the demo app: `GET /app/me`, `POST /app/login`, `POST /app/logout`,
 * `POST /app/tokens`, `GET /app/users`. A page calls `/app/me` first to get its CSRF token
 * (Laravel puts it in `<meta name="csrf-token">`) and then sends it as `X-CSRF-TOKEN`.
 */
import { z } from 'zod';
import { sendJson } from '../http/respond.ts';
import type { RequestContext } from './request-context.ts';
import type { SessionStore } from './sessions.ts';
import { createGuest, DEMO_USERS, findUser, ordersOf, type User } from './users.ts';

/** How a login names its user: a demo user's id, or a nickname for a guest. */
const loginSchema = z.union([
  z.object({ userId: z.union([z.number().int(), z.string().regex(/^\d+$/)]) }),
  z.object({ name: z.string().min(1).max(64) }),
]);

/** The user as pages see it, with the orders they own. */
export function publicUser(user: User): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    nameZh: user.nameZh,
    email: user.email,
    orders: ordersOf(user.id).map((order) => ({ id: order.id, item: order.item })),
  };
}

/** Resolves a login body to a user, or an error message. */
export function userFromLogin(body: unknown): User | string {
  const parsed = loginSchema.safeParse(body);
  if (!parsed.success) return 'Send {"userId": <demo user id>} or {"name": "<nickname>"}';
  if ('userId' in parsed.data)
    return findUser(parsed.data.userId) ?? `No demo user with id ${parsed.data.userId}`;
  return createGuest(parsed.data.name);
}

/** `GET /app/me`: the user (or null) and the CSRF token, starting a session if needed. */
export function me(context: RequestContext): void {
  const session = context.ensureSession();
  const user = context.user();
  sendJson(context.res, 200, {
    user: user === undefined ? null : publicUser(user),
    csrfToken: session.csrfToken,
  });
}

/** `GET /app/users`: the demo users one may log in as. */
export function users(context: RequestContext): void {
  sendJson(context.res, 200, { users: DEMO_USERS.map(publicUser) });
}

/** `POST /app/login`: logs the session in, on a new session id (CSRF checked before). */
export function login(context: RequestContext, sessions: SessionStore, body: unknown): void {
  const user = userFromLogin(body);
  if (typeof user === 'string') {
    sendJson(context.res, 422, { message: user });
    return;
  }
  const current = context.ensureSession();
  const session = sessions.regenerate(current);
  session.user = user;
  sessions.save(session);
  context.setSessionCookies(session);
  sendJson(context.res, 200, { user: publicUser(user), csrfToken: session.csrfToken });
}

/** `POST /app/logout`: ends the session and starts a guest one with a new CSRF token. */
export function logout(context: RequestContext, sessions: SessionStore): void {
  if (context.session !== undefined) sessions.destroy(context.session.id);
  const session = sessions.create();
  context.setSessionCookies(session);
  sendJson(context.res, 200, { user: null, csrfToken: session.csrfToken });
}

/**
 * `POST /app/tokens`: a bearer token for a user, like a Sanctum personal access token. With it
 * one page can act as a second user (Echo's `auth.headers.Authorization`), no second browser.
 */
export function issueToken(context: RequestContext, sessions: SessionStore, body: unknown): void {
  const user = userFromLogin(body);
  if (typeof user === 'string') {
    sendJson(context.res, 422, { message: user });
    return;
  }
  sendJson(context.res, 201, { token: sessions.issueToken(user), user: publicUser(user) });
}
