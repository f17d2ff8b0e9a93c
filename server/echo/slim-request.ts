/**
 * Engine.IO keeps the HTTP request that opened a connection for as long as the connection
 * lives, twice over: as `conn.request`, and, for a WebSocket, through the upgrade's response
 * object, which a `close` listener on the TCP socket holds. By then Engine.IO has added and
 * deleted fields on the request, which leaves it in V8's slow dictionary mode: heap snapshots
 * show about 1.7 KB per connection for an object nothing reads again.
 *
 * Socket.IO reads five things of it when a namespace handshake arrives (`headers`, `url`,
 * `_query`, `connection.encrypted`, `headers.origin`), and `socket.request` offers it to
 * middlewares. The stand-in keeps exactly those, sharing the original `headers` object, so
 * `socket.handshake` is what it was and a namespace joined later on the same connection still
 * sees the real headers; the request, its raw header list and its upgrade state are freed.
 */
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';

/** The Engine.IO server under a Socket.IO server. */
type EngineServer = Server['engine'];

/** The part of a request a connection keeps. */
export interface RetainedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly httpVersion: string;
  /** Engine.IO's parsed query string (`EIO`, `transport`, the client's own query). */
  readonly _query: Record<string, string | string[]>;
  /** What `socket.handshake.secure` is derived from. */
  readonly connection: { readonly encrypted: boolean; readonly remoteAddress: string | undefined };
  readonly socket: RetainedRequest['connection'];
}

/** A request as Engine.IO leaves it: with the query string it parsed. */
type EngineRequest = IncomingMessage & { _query?: Record<string, string | string[]> };

/** The small record kept in place of `req`. */
export function retainedRequest(req: EngineRequest): RetainedRequest {
  const connection = {
    encrypted: 'encrypted' in req.socket && req.socket.encrypted === true,
    remoteAddress: req.socket.remoteAddress,
  };
  return {
    headers: req.headers,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    _query: req._query ?? {},
    connection,
    socket: connection,
  };
}

/** The one field of a raw connection this replaces; Engine.IO types it as the full request. */
interface RawConnection {
  request: EngineRequest | RetainedRequest;
}

/** Replaces `conn.request` by its retained part (once; later calls do nothing). */
export function releaseRequest(conn: RawConnection): void {
  const req = conn.request;
  if (!('rawHeaders' in req)) return;
  conn.request = retainedRequest(req);
}

/** Engine.IO's response stand-in for WebSocket upgrades: the field that pins the request. */
interface UpgradeResponse {
  req: IncomingMessage | undefined;
}

/**
 * Lets every connection of `engine` drop its opening request once Socket.IO no longer needs
 * it. Call right after creating the Socket.IO server, so these listeners run after its own.
 */
export function releaseRequestsOf(engine: EngineServer): void {
  const upgrades = new WeakMap<IncomingMessage, UpgradeResponse>();
  // Middlewares see the upgrade's response object; plain HTTP responses end with their request.
  engine.use((req: IncomingMessage, res: ServerResponse | UpgradeResponse, next: () => void) => {
    if (!(res instanceof ServerResponse)) upgrades.set(req, res);
    next();
  });
  // Emitted as the 101 answer is written: no middleware can set a header after this.
  engine.on('headers', (_headers: Record<string, string>, req: IncomingMessage) => {
    const res = upgrades.get(req);
    if (res === undefined) return;
    upgrades.delete(req);
    res.req = undefined;
  });
  engine.on('connection', (conn: RawConnection) => releaseRequest(conn));
}
