/**
 * A Server-Sent Events stream on a plain HTTP response: how a demo's server pushes to the page
 * what it saw (frames on the wire, what Redis subscribers receive, feed figures). The page reads
 * it with EventSource, which reconnects by itself after a server restart unless the page closes
 * it first.
 */
import type { ServerResponse } from 'node:http';

/** How often a comment line keeps proxies and the browser from timing the stream out. */
const KEEPALIVE_MS = 15_000;

/** How long EventSource waits before it reconnects to a lost stream. */
const RETRY_MS = 2000;

/** One open event stream. */
export class SseStream {
  readonly #res: ServerResponse;
  readonly #keepalive: ReturnType<typeof setInterval>;
  #closed = false;

  /** Starts the stream on `res`; `onClose` runs once the connection is gone, whoever ended it. */
  constructor(res: ServerResponse, onClose: () => void) {
    this.#res = res;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Tells a reverse proxy (nginx) not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    // The first write also sends the headers, so EventSource sees the stream open at once.
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.#keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    // An idle stream alone must not keep the process alive.
    this.#keepalive.unref();
    res.on('close', () => {
      this.#stop();
      onClose();
    });
  }

  /** Sends one event whose data is `data` as JSON (one line: JSON has no raw newlines). */
  send(event: string, data: unknown): void {
    if (this.#closed) return;
    this.#res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the stream; a second call does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#stop();
    this.#res.end();
  }

  /** Whether the stream has ended (closed here or by the other side). */
  get closed(): boolean {
    return this.#closed;
  }

  #stop(): void {
    this.#closed = true;
    clearInterval(this.#keepalive);
  }
}
