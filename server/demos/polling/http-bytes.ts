/**
 * Counting HTTP bytes on the server side, headers included, for the polling side of
 * `ch1-polling-vs-websocket`.
 *
 * - A request's size is its request line, its raw header lines (Node keeps names and values as
 *   they arrived) and the blank line, plus the body.
 * - A response's size is whatever is written to the socket while it is being answered: Node's
 *   status line and headers (Date, Connection, Keep-Alive, …) and the body, exactly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The request head as it arrived, e.g. `GET /x HTTP/1.1\r\nHost: …\r\n\r\n`. */
export function requestHeadText(req: IncomingMessage): string {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    lines.push(`${req.rawHeaders[i] ?? ''}: ${req.rawHeaders[i + 1] ?? ''}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Bytes of a head as Node read it (latin1: one character per byte). */
export const headBytes = (head: string): number => Buffer.byteLength(head, 'latin1');

const captures = new WeakMap<Socket, Buffer[]>();
const wrapped = new WeakSet<Socket>();

/**
 * Records every byte written to `res`'s socket until the response finishes, then calls `done`
 * with them. A keep-alive socket answers one request at a time (browsers do not pipeline), so
 * the bytes written meanwhile are this response's.
 */
export function captureResponse(res: ServerResponse, done: (bytes: Buffer) => void): void {
  const socket = res.socket;
  if (socket === null) return;
  if (!wrapped.has(socket)) {
    wrapped.add(socket);
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    // Wrapping write on this socket is how the bytes are seen exactly as they leave; the
    // original is always called with the same arguments.
    socket.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      const capture = captures.get(socket);
      if (capture !== undefined) {
        if (typeof chunk === 'string') {
          const encoding = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8';
          capture.push(Buffer.from(chunk, encoding));
        } else if (chunk instanceof Uint8Array) capture.push(Buffer.from(chunk));
      }
      return write(chunk, ...rest);
    }) as Socket['write'];
  }
  const capture: Buffer[] = [];
  captures.set(socket, capture);
  res.once('finish', () => {
    if (captures.get(socket) === capture) captures.delete(socket);
    done(Buffer.concat(capture));
  });
}
