/**
 * The server side of `ch1-polling-vs-websocket`: one live feed per reader, delivered two ways,
 * with every byte counted here, on the server, headers included.
 *
 * - `GET  /demos/polling/stats?feed=T`: Server-Sent Events; opening it starts the reader's feed,
 *   closing it ends the feed. It carries the counts (its own bytes are not counted: it is the
 *   measuring instrument, not one of the two sides).
 * - `GET  /demos/polling/poll?feed=T&after=N`: the polling side, the updates after `N`.
 * - `GET  /demos/polling/ws?feed=T` with `Upgrade: websocket`: the WebSocket side, one text
 *   message per update.
 * - `POST /demos/polling/rate?feed=T&perSecond=R`: the reader changes the feed's rate.
 * - `GET  /demos/polling/clock`: the server's clock, so the page can measure delays.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { RateLimiter } from '../../app/rate-limit.ts';
import { sendJson } from '../../http/respond.ts';
import { SseStream } from '../../http/sse-stream.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import { FeedSession } from './feed-session.ts';
import { captureResponse, headBytes, requestHeadText } from './http-bytes.ts';

/** The service name and the first segment of its routes. */
export const POLLING_NAME = 'polling';
const BASE = `/demos/${POLLING_NAME}`;

/** Limits of the service. */
export const POLLING_LIMITS = {
  /** Feeds running at once, for everyone. */
  maxFeeds: 100,
  /** Polls per feed in a burst, then per second. */
  burst: 20,
  perSecond: 10,
  /** How often the counts are sent (when they changed). */
  statsMs: 500,
  /** Characters of a head shown in the inspector. */
  maxHeadChars: 4000,
} as const;

const TOKEN = /^[0-9a-f]{32}$/;

interface Feed {
  readonly session: FeedSession;
  readonly stream: SseStream;
  socket?: WebSocket;
  /** The last poll as it crossed the wire, for the inspector. */
  lastPoll?: { request: string; response: string };
  /** The last WebSocket message as it crossed the wire, for the inspector. */
  lastFrame?: { handshake: string; frame: string };
}

const trimHead = (text: string): string =>
  text.length <= POLLING_LIMITS.maxHeadChars
    ? text
    : `${text.slice(0, POLLING_LIMITS.maxHeadChars)}…`;

/** The header ws writes for an unmasked, unfragmented text frame of `size` bytes (RFC 6455). */
export function textFrameHeader(size: number): string {
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  if (size < 126) return `81 ${hex(size)}`;
  return `81 7e ${hex(size >> 8)} ${hex(size & 0xff)}`;
}

/** Builds the service and attaches its upgrade handler to `context.httpServer`. */
export function createPollingService(context: DemoContext): DemoService {
  const logger = context.logger.child({ demo: POLLING_NAME });
  const feeds = new Map<string, Feed>();
  const polls = new RateLimiter({
    burst: POLLING_LIMITS.burst,
    perSecond: POLLING_LIMITS.perSecond,
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 });

  const statsTimer = setInterval(() => {
    for (const feed of feeds.values()) {
      if (!feed.session.dirty) continue;
      feed.session.dirty = false;
      feed.stream.send('stats', {
        rate: feed.session.rate,
        polling: feed.session.polling,
        websocket: feed.session.websocket,
        lastPoll: feed.lastPoll,
        lastFrame: feed.lastFrame,
      });
    }
  }, POLLING_LIMITS.statsMs);
  statsTimer.unref();

  const feedOf = (url: URL): { token?: string; feed?: Feed } => {
    const token = url.searchParams.get('feed') ?? '';
    if (!TOKEN.test(token)) return {};
    const feed = feeds.get(token);
    return feed ? { token, feed } : { token };
  };

  function openFeed(token: string, res: ServerResponse): void {
    if (feeds.has(token)) {
      sendJson(res, 409, { error: 'This feed is already open.' });
      return;
    }
    if (feeds.size >= POLLING_LIMITS.maxFeeds) {
      sendJson(res, 503, { error: 'Too many feeds running; try again in a minute.' });
      return;
    }
    const session = new FeedSession();
    const stream = new SseStream(res, () => {
      const feed = feeds.get(token);
      feeds.delete(token);
      feed?.session.close();
      feed?.socket?.terminate();
    });
    feeds.set(token, { session, stream });
  }

  function poll(req: IncomingMessage, res: ServerResponse, feed: Feed, url: URL): void {
    const request = requestHeadText(req);
    const stats = feed.session.polling;
    stats.requests += 1;
    // A GET has no body; anything a client sends anyway is counted as it arrives.
    stats.up += headBytes(request);
    req.on('data', (chunk: Buffer) => {
      stats.up += chunk.length;
    });
    feed.session.dirty = true;
    captureResponse(res, (bytes) => {
      stats.down += bytes.length;
      feed.session.dirty = true;
      feed.lastPoll = { request: trimHead(request), response: trimHead(bytes.toString('utf8')) };
    });
    if (!polls.take(url.searchParams.get('feed') ?? '')) {
      sendJson(res, 429, { error: 'Too many polls: at most 10 per second.' });
      return;
    }
    const after = Number(url.searchParams.get('after') ?? '0');
    const updates = feed.session.since(Number.isFinite(after) ? after : 0);
    if (updates.length === 0) stats.empty += 1;
    stats.updates += updates.length;
    sendJson(res, 200, { updates });
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== `${BASE}/ws`) return;
    socket.on('error', (err) => logger.debug({ err }, 'feed socket error'));
    const { feed } = feedOf(url);
    if (feed === undefined || feed.socket !== undefined) {
      const body = 'Open the stats stream of this feed first, and only one WebSocket per feed.\n';
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    const raw = socket as Socket;
    const handshakeRequest = requestHeadText(req);
    // Counted from the socket itself: everything read and written, handshake included.
    const readBefore = raw.bytesRead - headBytes(handshakeRequest) - head.length;
    const writtenBefore = raw.bytesWritten;
    wss.handleUpgrade(req, socket, head, (ws) => {
      feed.socket = ws;
      const stats = feed.session.websocket;
      stats.requests += 1;
      const count = (): void => {
        stats.up = raw.bytesRead - readBefore;
        stats.down = raw.bytesWritten - writtenBefore;
        feed.session.dirty = true;
      };
      count();
      const handshake = trimHead(handshakeRequest);
      const unsubscribe = feed.session.subscribe((update) => {
        const text = JSON.stringify(update);
        ws.send(text, (error) => {
          if (error) return;
          stats.updates += 1;
          count();
          feed.lastFrame = {
            handshake,
            frame: `${textFrameHeader(Buffer.byteLength(text))} | ${text}`,
          };
        });
      });
      ws.on('message', count);
      ws.on('pong', count);
      ws.on('error', (err) => logger.debug({ err }, 'feed WebSocket error'));
      ws.on('close', () => {
        unsubscribe();
        count();
        if (feed.socket === ws) delete feed.socket;
      });
    });
  }
  context.httpServer.on('upgrade', onUpgrade);

  return {
    name: POLLING_NAME,
    handleRequest(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(`${BASE}/`)) return false;
      const action = url.pathname.slice(BASE.length + 1);
      const routes: Record<string, string> = {
        stats: 'GET',
        poll: 'GET',
        rate: 'POST',
        clock: 'GET',
      };
      const method = routes[action];
      if (method === undefined) return false;
      if (req.method !== method) {
        sendJson(res, 405, { error: `Use ${method}.` }, { Allow: method });
        return true;
      }
      if (action === 'clock') {
        sendJson(res, 200, { now: Date.now() });
        return true;
      }
      const { token, feed } = feedOf(url);
      if (token === undefined) {
        sendJson(res, 400, { error: 'feed must be 32 hexadecimal characters.' });
        return true;
      }
      if (action === 'stats') {
        openFeed(token, res);
        return true;
      }
      if (feed === undefined) {
        sendJson(res, 404, { error: 'No such feed: open its stats stream first.' });
        return true;
      }
      if (action === 'poll') {
        poll(req, res, feed, url);
        return true;
      }
      const perSecond = Number(url.searchParams.get('perSecond'));
      if (!Number.isFinite(perSecond) || perSecond <= 0) {
        sendJson(res, 400, { error: 'perSecond must be a positive number.' });
        return true;
      }
      sendJson(res, 200, { perSecond: feed.session.setRate(perSecond) });
      return true;
    },
    close() {
      clearInterval(statsTimer);
      context.httpServer.off('upgrade', onUpgrade);
      for (const feed of feeds.values()) {
        feed.session.close();
        feed.socket?.terminate();
        feed.stream.close();
      }
      feeds.clear();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
