/**
 * The `presence-classmates` demo service: simulated classmates for the presence chat room
 * (ch4-presence). `POST /demos/presence-classmates/add` starts one {@link Classmate} for the
 * visitor, `POST /demos/presence-classmates/remove` stops the visitor's newest one. Both need
 * the session cookie and its CSRF token, as the app's own POST routes do, and name the
 * visitor's Echo socket: classmates leave when that socket disconnects or leaves the channel,
 * and after {@link CLASSMATE_LIFETIME_MS} in any case. Numbers are bounded per visitor and in
 * total, so a classroom cannot fill the server with bots.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseCookies } from '../../http/cookies.ts';
import { BodyError, readBody } from '../../http/request-body.ts';
import { sendJson } from '../../http/respond.ts';
import { SESSION_COOKIE } from '../../app/request-context.ts';
import { sameSecret } from '../../app/sessions.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import { Classmate } from './classmate.ts';
import { classmateGreeting, classmateName } from './classmate-names.ts';

/** The service's name and route prefix. */
export const CLASSMATES_NAME = 'presence-classmates';
/** Classmates one visitor (session or page) may run at once. */
export const MAX_PER_VISITOR = 3;
/** Classmates the whole site runs at once. */
export const MAX_TOTAL = 30;
/** A classmate leaves by itself after this long. */
export const CLASSMATE_LIFETIME_MS = 5 * 60 * 1000;

const bodySchema = z.object({
  channel: z
    .string()
    .regex(/^presence-chat\.[A-Za-z0-9_-]{1,40}$/, 'a presence-chat.<room> channel'),
  socketId: z.string().regex(/^[\w-]{1,64}$/, 'your Echo socket id'),
  lang: z.enum(['zh-TW', 'en']).default('en'),
});

interface Entry {
  readonly classmate: Classmate;
  readonly owner: string;
  readonly session: string;
  readonly channel: string;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Builds the service. */
export function createPresenceClassmates(context: DemoContext): DemoService {
  const { app, echo, httpServer, logger } = context;
  const entries: Entry[] = [];
  let started = 0;

  const siteUrl = (): string => {
    const address = httpServer.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return `http://127.0.0.1:${port}`;
  };

  const remove = (entry: Entry): void => {
    const index = entries.indexOf(entry);
    if (index >= 0) entries.splice(index, 1);
    clearTimeout(entry.timer);
    entry.classmate.close();
  };
  const removeWhere = (test: (entry: Entry) => boolean): void => {
    for (const entry of entries.filter(test)) remove(entry);
  };
  const mine = (session: string, owner: string): Entry[] =>
    entries.filter((entry) => entry.session === session || entry.owner === owner);
  const listOf = (list: readonly Entry[]) =>
    list.map((entry) => ({ id: entry.classmate.user.id, name: entry.classmate.user.name }));

  const onDisconnect = ({ socketId }: { socketId: string }): void =>
    removeWhere((entry) => entry.owner === socketId);
  const onUnsubscribe = ({ socketId, channel }: { socketId: string; channel: string }): void =>
    removeWhere((entry) => entry.owner === socketId && entry.channel === channel);
  echo.events.on('disconnect', onDisconnect);
  echo.events.on('unsubscribe', onUnsubscribe);

  async function handle(req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
    const session = app.sessions.get(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    const token = req.headers['x-csrf-token'];
    if (
      session === undefined ||
      !sameSecret(Array.isArray(token) ? token[0] : token, session.csrfToken)
    ) {
      sendJson(res, 419, { message: 'CSRF token mismatch: send X-CSRF-TOKEN from /app/me.' });
      return;
    }
    const parsed = bodySchema.safeParse(await readBody(req));
    if (!parsed.success) {
      const message = parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
      sendJson(res, 422, { message });
      return;
    }
    const { channel, socketId, lang } = parsed.data;
    if (action === 'remove') {
      const newest = mine(session.id, socketId).at(-1);
      if (newest !== undefined) remove(newest);
      sendJson(res, 200, { classmates: listOf(mine(session.id, socketId)) });
      return;
    }
    if (!echo.io.of('/').sockets.has(socketId)) {
      sendJson(res, 409, {
        message: 'Connect and join the room first: that socket is not connected.',
      });
      return;
    }
    if (mine(session.id, socketId).length >= MAX_PER_VISITOR) {
      sendJson(res, 429, { message: `At most ${MAX_PER_VISITOR} classmates per visitor.` });
      return;
    }
    if (entries.length >= MAX_TOTAL) {
      sendJson(res, 503, {
        message: `The room is full: ${MAX_TOTAL} simulated classmates already.`,
      });
      return;
    }
    const name = classmateName(lang, started++);
    const classmate = new Classmate({
      url: siteUrl(),
      channel,
      name,
      greeting: classmateGreeting(lang, name),
      app,
      logger,
    });
    const entry: Entry = {
      classmate,
      owner: socketId,
      session: session.id,
      channel,
      timer: setTimeout(() => remove(entry), CLASSMATE_LIFETIME_MS),
    };
    entries.push(entry);
    sendJson(res, 201, { classmates: listOf(mine(session.id, socketId)) });
  }

  return {
    name: CLASSMATES_NAME,
    async handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const action = /^\/demos\/presence-classmates\/(add|remove)$/.exec(path)?.[1];
      if (action === undefined) return false;
      if (req.method !== 'POST') {
        sendJson(res, 405, { message: `${path} takes POST` }, { Allow: 'POST' });
        return true;
      }
      try {
        await handle(req, res, action);
      } catch (error) {
        if (error instanceof BodyError) sendJson(res, error.status, { message: error.message });
        else throw error;
      }
      return true;
    },
    health: () => ({ ok: true }),
    close() {
      echo.events.off('disconnect', onDisconnect);
      echo.events.off('unsubscribe', onUnsubscribe);
      removeWhere(() => true);
      return Promise.resolve();
    },
  };
}
