/**
 * The server side of `ch1-handshake`: a plain WebSocket endpoint (the `ws` package) on the
 * site's own http.Server, whose every byte is watched and reported to the page.
 *
 * - `GET  /demos/ws-inspector/watch?token=T`: a Server-Sent Events stream of what the server saw
 *   for the WebSocket opened with the same token (handshake, frames, close).
 * - `GET  /demos/ws-inspector/socket?token=T` with `Upgrade: websocket`: the inspected WebSocket.
 *   It echoes every message back unchanged.
 * - `POST /demos/ws-inspector/ping?token=T`: the server sends a ping (browsers cannot); the
 *   browser's automatic pong shows up in the report.
 * - `POST /demos/ws-inspector/close?token=T`: the server starts the close handshake.
 *
 * Only upgrades for its own path are taken; `/socket.io/` stays with Socket.IO.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { RateLimiter } from '../../app/rate-limit.ts';
import { sendJson } from '../../http/respond.ts';
import { SseStream } from '../../http/sse-stream.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import { handshakeReport, requestHead } from './handshake-report.ts';
import { tapSocket } from './wire-tap.ts';

/** The service name and the first segment of its routes. */
export const WS_INSPECTOR_NAME = 'ws-inspector';
const BASE = `/demos/${WS_INSPECTOR_NAME}`;
/** The path of the inspected WebSocket. */
export const WS_INSPECTOR_SOCKET_PATH = `${BASE}/socket`;

/** Limits of the endpoint. */
export const WS_INSPECTOR_LIMITS = {
  /** Largest message accepted; a bigger one is closed with 1009 (message too big). */
  maxPayload: 4096,
  /** Watch streams open at once, for everyone. */
  maxWatchers: 200,
  /** Messages per connection in a burst, then per second; over it: close 1008. */
  burst: 20,
  perSecond: 10,
} as const;

const TOKEN = /^[0-9a-f]{32}$/;

interface Watch {
  readonly stream: SseStream;
  socket?: WebSocket;
}

function tokenOf(url: URL): string | undefined {
  const token = url.searchParams.get('token') ?? '';
  return TOKEN.test(token) ? token : undefined;
}

/** Answers an upgrade we refuse with a plain HTTP error, then closes the connection. */
function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Builds the service and attaches its upgrade handler to `context.httpServer`. */
export function createWsInspector(context: DemoContext): DemoService {
  const logger = context.logger.child({ demo: WS_INSPECTOR_NAME });
  const watches = new Map<string, Watch>();
  const rate = new RateLimiter({
    burst: WS_INSPECTOR_LIMITS.burst,
    perSecond: WS_INSPECTOR_LIMITS.perSecond,
  });
  // No permessage-deflate: the frames then carry the bytes the reader typed, readable as is.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: WS_INSPECTOR_LIMITS.maxPayload,
  });
  let connectionIds = 0;

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_INSPECTOR_SOCKET_PATH) return;
    socket.on('error', (err) => logger.debug({ err }, 'inspected socket error'));
    const token = tokenOf(url);
    const watch = token === undefined ? undefined : watches.get(token);
    if (token === undefined || watch === undefined) {
      refuseUpgrade(socket, 400, 'Bad Request', 'Open the watch stream with this token first.');
      return;
    }
    if (watch.socket !== undefined) {
      refuseUpgrade(socket, 409, 'Conflict', 'This token already has a WebSocket.');
      return;
    }
    const request = requestHead(req);
    const key = req.headers['sec-websocket-key'] ?? '';
    const id = ++connectionIds;
    const tap = tapSocket(socket, {
      onResponseHead: (responseHead) =>
        watch.stream.send('handshake', handshakeReport(request, key, responseHead)),
      onFrame: (direction, frame) =>
        watch.stream.send('frame', { direction, at: Date.now(), ...frame }),
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      tap.watchIncoming();
      watch.socket = ws;
      ws.on('message', (data, isBinary) => {
        if (!rate.take(`${id}`)) {
          ws.close(1008, 'too many messages');
          return;
        }
        ws.send(data, { binary: isBinary });
      });
      ws.on('error', (err) => logger.debug({ err }, 'inspected WebSocket error'));
      ws.on('close', (code, reason) => {
        if (watch.socket === ws) delete watch.socket;
        watch.stream.send('closed', { code, reason: reason.toString() });
      });
    });
  }
  context.httpServer.on('upgrade', onUpgrade);

  function openWatch(token: string, res: ServerResponse): void {
    if (watches.has(token)) {
      sendJson(res, 409, { error: 'This token is already watched.' });
      return;
    }
    if (watches.size >= WS_INSPECTOR_LIMITS.maxWatchers) {
      sendJson(res, 503, { error: 'Too many inspectors open; try again in a minute.' });
      return;
    }
    const stream = new SseStream(res, () => {
      const watch = watches.get(token);
      watches.delete(token);
      watch?.socket?.terminate();
    });
    watches.set(token, { stream });
  }

  return {
    name: WS_INSPECTOR_NAME,
    handleRequest(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(`${BASE}/`)) return false;
      const action = url.pathname.slice(BASE.length + 1);
      const token = tokenOf(url);
      const known = ['watch', 'ping', 'close'];
      if (!known.includes(action)) return false;
      const method = action === 'watch' ? 'GET' : 'POST';
      if (req.method !== method) {
        sendJson(res, 405, { error: `Use ${method}.` }, { Allow: method });
        return true;
      }
      if (token === undefined) {
        sendJson(res, 400, { error: 'token must be 32 hexadecimal characters.' });
        return true;
      }
      if (action === 'watch') {
        openWatch(token, res);
        return true;
      }
      const socket = watches.get(token)?.socket;
      if (socket === undefined || socket.readyState !== socket.OPEN) {
        sendJson(res, 409, { error: 'No open WebSocket for this token.' });
        return true;
      }
      if (action === 'ping') socket.ping(Buffer.from('echo-lab'));
      else socket.close(1000, 'closed by the server');
      sendJson(res, 200, { ok: true });
      return true;
    },
    close() {
      context.httpServer.off('upgrade', onUpgrade);
      for (const watch of watches.values()) {
        watch.socket?.terminate();
        watch.stream.close();
      }
      watches.clear();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
