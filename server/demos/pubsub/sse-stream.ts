/**
 * A Server-Sent Events stream on a plain HTTP response: how the pub/sub demo pushes what its
 * subscribers receive to the page (EventSource reconnects by itself after a server restart).
 */
import type { ServerResponse } from 'node:http';

/** How often a comment line keeps proxies and the browser from timing the stream out. */
const KEEPALIVE_MS = 20_000;

/** One open event stream. */
export class SseStream {
  readonly #res: ServerResponse;
  readonly #keepalive: ReturnType<typeof setInterval>;
  #open = true;

  constructor(res: ServerResponse, onClose: () => void) {
    this.#res = res;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Tells a reverse proxy (nginx) not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    this.#keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    res.on('close', () => {
      this.#stop();
      onClose();
    });
  }

  /** Sends one event with a JSON payload. */
  send(event: string, data: unknown): void {
    if (!this.#open) return;
    this.#res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the stream (the browser will reconnect unless the page closed it). */
  end(): void {
    if (!this.#open) return;
    this.#stop();
    this.#res.end();
  }

  #stop(): void {
    this.#open = false;
    clearInterval(this.#keepalive);
  }
}
