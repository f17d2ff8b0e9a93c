/**
 * The `auth-log` demo service: streams, to one socket's page, how the echo server authorized
 * that socket's private and presence subscriptions: `GET /demos/auth-log/stream?socket=<id>`
 * (Server-Sent Events, one `auth` event per subscription outcome). The private-channel demo
 * shows it as the `/broadcasting/auth` request and answer. The stream carries nothing secret:
 * the socket id is the reader's own, and only the channel, statuses and the rule's reason are
 * sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../http/respond.ts';
import { parseCookies } from '../../http/cookies.ts';
import { SESSION_COOKIE } from '../../app/request-context.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import {
  buildRecord,
  type AppAuthNote,
  type AuthRecord,
  type EchoAuthNote,
} from './auth-record.ts';

/** The service's name and route prefix. */
export const AUTH_LOG_NAME = 'auth-log';

/** Streams open at once, across all visitors. */
export const MAX_STREAMS = 500;
/** Channels whose latest notes are kept. */
const MAX_CHANNELS = 2000;
/** Notes kept per channel (several users may ask for one channel at once). */
const NOTES_PER_CHANNEL = 8;
const HEARTBEAT_MS = 25_000;
const SOCKET_ID = /^[\w-]{1,64}$/;

interface Stream {
  readonly res: ServerResponse;
  readonly userId: number | undefined;
}

/** Builds the service on the site's app and echo server. */
export function createAuthLog(context: DemoContext): DemoService {
  const { app, echo, logger } = context;
  const appNotes = new Map<string, AppAuthNote[]>();
  const echoNotes = new Map<string, EchoAuthNote>();
  const streams = new Map<string, Set<Stream>>();
  let streamCount = 0;

  const remember = <T>(map: Map<string, T>, key: string, value: T): void => {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_CHANNELS) map.delete(map.keys().next().value ?? '');
  };

  const onAppAuth = (event: {
    channel: string;
    status: number;
    reason: string;
    userId: number | null;
  }): void => {
    const notes = [...(appNotes.get(event.channel) ?? []), { ...event, at: Date.now() }];
    remember(appNotes, event.channel, notes.slice(-NOTES_PER_CHANNEL));
  };
  const onEchoAuth = (event: { channel: string; status: number; ms: number }): void =>
    remember(echoNotes, event.channel, { ...event, at: Date.now() });

  const deliver = (
    socketId: string,
    channel: string,
    outcome: AuthRecord['outcome'],
    status: number,
  ): void => {
    const listeners = streams.get(socketId);
    if (listeners === undefined) return;
    for (const stream of listeners) {
      const notes = appNotes.get(channel) ?? [];
      // Prefer the note of this visitor's user: two readers may ask for one channel at once.
      const appNote =
        notes.findLast((note) => stream.userId !== undefined && note.userId === stream.userId) ??
        notes.at(-1);
      const record = buildRecord({
        channel,
        outcome,
        status,
        authUrl: `${String(echo.config.authHost)}${echo.config.authEndpoint}`,
        appNote,
        echoNote: echoNotes.get(channel),
        now: Date.now(),
      });
      stream.res.write(`event: auth\ndata: ${JSON.stringify(record)}\n\n`);
    }
  };
  const onSubscribe = (event: { socketId: string; channel: string; type: string }): void => {
    if (event.type !== 'public') deliver(event.socketId, event.channel, 'joined', 200);
  };
  const onSubscriptionError = (event: {
    socketId: string;
    channel: string;
    status: number;
  }): void => deliver(event.socketId, event.channel, 'refused', event.status);

  app.events.on('auth', onAppAuth);
  echo.events.on('auth', onEchoAuth);
  echo.events.on('subscribe', onSubscribe);
  echo.events.on('subscription_error', onSubscriptionError);

  function openStream(req: IncomingMessage, res: ServerResponse, socketId: string): void {
    if (streamCount >= MAX_STREAMS) {
      sendJson(res, 503, { error: 'Too many auth-log streams are open; try again soon.' });
      return;
    }
    const sessionId = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const stream: Stream = { res, userId: app.sessions.get(sessionId)?.user?.id };
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    const set = streams.get(socketId) ?? new Set<Stream>();
    set.add(stream);
    streams.set(socketId, set);
    streamCount++;
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.socket.setTimeout(0);
    res.on('close', () => {
      clearInterval(heartbeat);
      set.delete(stream);
      if (set.size === 0) streams.delete(socketId);
      streamCount--;
    });
  }

  return {
    name: AUTH_LOG_NAME,
    handleRequest(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== `/demos/${AUTH_LOG_NAME}/stream`) return false;
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: 'The auth-log stream takes GET' }, { Allow: 'GET' });
        return true;
      }
      const socketId = url.searchParams.get('socket') ?? '';
      if (!SOCKET_ID.test(socketId)) {
        sendJson(res, 400, { error: 'Give ?socket=<your Socket.IO socket id>' });
        return true;
      }
      openStream(req, res, socketId);
      logger.debug({ socketId }, 'auth-log stream opened');
      return true;
    },
    close() {
      app.events.off('auth', onAppAuth);
      echo.events.off('auth', onEchoAuth);
      echo.events.off('subscribe', onSubscribe);
      echo.events.off('subscription_error', onSubscriptionError);
      for (const set of streams.values()) for (const stream of set) stream.res.end();
      streams.clear();
      return Promise.resolve();
    },
  };
}
