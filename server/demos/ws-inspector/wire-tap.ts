/**
 * Watches the raw bytes of one upgraded socket in both directions: the 101 response head the
 * server writes first, then every frame read and written, through a {@link FrameParser} per
 * direction. It must be installed before the WebSocket library writes the 101 (see
 * {@link tapSocket}).
 */
import type { Duplex } from 'node:stream';
import { FrameParser, type FrameInfo } from './frame-parser.ts';

/** What the tap reports. */
export interface WireTapHooks {
  /** The response head, exactly as written (status line, headers, blank line). */
  onResponseHead(head: string): void;
  onFrame(direction: 'in' | 'out', frame: FrameInfo): void;
}

/** The response head cannot be longer than this; past it the stream is not HTTP. */
const MAX_HEAD = 16 * 1024;

/**
 * Wraps `socket.write` so outgoing bytes are seen before they leave. Returns `watchIncoming`,
 * to call once the WebSocket library reads the socket (a `data` listener added earlier would
 * start the flow before the library listens and steal the first bytes from it). The listener
 * goes first and copies each chunk, because ws unmasks payloads in place.
 */
export function tapSocket(socket: Duplex, hooks: WireTapHooks): { watchIncoming(): void } {
  const incoming = new FrameParser();
  const outgoing = new FrameParser();
  let head: Buffer | undefined = Buffer.alloc(0);

  const onOutgoing = (bytes: Buffer): void => {
    if (head !== undefined) {
      head = Buffer.concat([head, bytes]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1 && head.length < MAX_HEAD) return;
      const rest = end === -1 ? Buffer.alloc(0) : head.subarray(end + 4);
      hooks.onResponseHead(head.subarray(0, end === -1 ? head.length : end + 4).toString('latin1'));
      head = undefined;
      if (rest.length === 0) return;
      bytes = rest;
    }
    for (const frame of outgoing.push(bytes)) hooks.onFrame('out', frame);
  };

  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  // Replacing `write` on this one socket is the only way to see the bytes ws sends, headers
  // included, exactly as they go out; the original is always called with the same arguments.
  socket.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
    try {
      if (typeof chunk === 'string') onOutgoing(Buffer.from(chunk, 'latin1'));
      else if (chunk instanceof Uint8Array) onOutgoing(Buffer.from(chunk));
    } catch {
      // Watching must never break the connection it watches.
    }
    return write(chunk, ...rest);
  }) as Duplex['write'];

  return {
    watchIncoming() {
      // First in line and on a copy: ws unmasks the payload in place in the chunk it is given.
      socket.prependListener('data', (chunk: Buffer) => {
        for (const frame of incoming.push(Buffer.from(chunk))) hooks.onFrame('in', frame);
      });
    },
  };
}
