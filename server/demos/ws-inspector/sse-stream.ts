/**
 * A Server-Sent Events stream: the side channel on which a demo's server tells the page what
 * it saw on the wire. It is kept apart from the connection being inspected, so the reports never
 * show up among the frames they describe. Comments every 15 s keep proxies from closing it.
 */
import type { ServerResponse } from 'node:http';

const KEEPALIVE_MS = 15_000;

/** One open stream. */
export class SseStream {
  readonly #res: ServerResponse;
  readonly #keepalive: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(res: ServerResponse, onClose: () => void) {
    this.#res = res;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': stream open\n\n');
    this.#keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
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

  /** Ends the stream. */
  close(): void {
    if (this.#closed) return;
    this.#stop();
    this.#res.end();
  }

  get closed(): boolean {
    return this.#closed;
  }

  #stop(): void {
    this.#closed = true;
    clearInterval(this.#keepalive);
  }
}
