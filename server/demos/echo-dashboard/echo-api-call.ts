/**
 * One real HTTP request from a demo proxy to the echo server's API on this same process, and a
 * record of it as the reader may see it: method, URL, headers with the key masked, body, the
 * status and the body of the answer, and how long it took.
 */
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/** A request as shown to the reader (the key masked). */
export interface ShownRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A request and its answer, as shown to the reader. */
export interface ApiExchange {
  readonly request: ShownRequest;
  readonly response: {
    readonly status: number;
    readonly contentType: string;
    readonly body: string;
  };
  /** Round trip, in milliseconds. */
  readonly ms: number;
}

/** What to send. */
export interface ApiCall {
  readonly method: 'GET' | 'POST';
  /** The path and query, e.g. `/apps/echo-lab-demo/status`. */
  readonly path: string;
  /** The key actually sent (`Authorization: Bearer …`). */
  readonly key: string;
  /** The key as the reader may see it. */
  readonly shownKey: string;
  readonly body?: string;
}

/** `http://127.0.0.1:<port>` of the site's own server (it may listen on every interface). */
export function selfBaseUrl(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The site is not listening');
  const host =
    address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Sends `call` to the echo server's API on `server` and records the exchange. */
export async function callEchoApi(server: Server, call: ApiCall): Promise<ApiExchange> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (call.body !== undefined) headers['Content-Type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(`${selfBaseUrl(server)}${call.path}`, {
    method: call.method,
    headers: { ...headers, Authorization: `Bearer ${call.key}` },
    ...(call.body === undefined ? {} : { body: call.body }),
    signal: AbortSignal.timeout(5000),
  });
  const body = await response.text();
  const ms = performance.now() - started;
  return {
    request: {
      method: call.method,
      url: call.path,
      headers: { Authorization: `Bearer ${call.shownKey}`, ...headers },
      ...(call.body === undefined ? {} : { body: call.body }),
    },
    response: {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body,
    },
    ms: Math.round(ms * 100) / 100,
  };
}
