/**
 * The HTTP API client the chapter 3 demos use: an `{appId, key}` entry in the echo server's
 * `clients`, as `client:add` would write it. Its key is random per process and never leaves
 * the server; the demos' proxies put it on the requests they make. Readers of the HTTP API
 * demo type {@link PUBLIC_DEMO_KEY} instead, which only the proxy accepts (the echo server
 * itself refuses it), so the public key opens nothing but the proxy's rate-limited,
 * channel-restricted door.
 */
import { randomBytes } from 'node:crypto';
import type { EchoServer } from '../../echo/create-echo-server.ts';

/** The app id of the demo client. */
export const DEMO_APP_ID = 'echo-lab-demo';

/** The key readers type in the HTTP API demo; the proxy swaps it for the real one. */
export const PUBLIC_DEMO_KEY = 'public-demo-key';

/** The demo client: its app id and its secret key. */
export interface DemoClient {
  readonly appId: string;
  readonly key: string;
}

/**
 * Adds the demo client to the running echo server's `clients` (the HTTP API reads that list on
 * every request), or returns the one already added by another demo service.
 */
export function ensureDemoClient(echo: EchoServer): DemoClient {
  const existing = echo.config.clients.find((client) => client.appId === DEMO_APP_ID);
  if (existing !== undefined) return existing;
  const client = { appId: DEMO_APP_ID, key: randomBytes(16).toString('hex') };
  echo.config.clients.push(client);
  return client;
}

/** A key as a request line may show it: the first four characters, the rest hidden. */
export function maskKey(key: string): string {
  return key.length <= 4 ? '****' : `${key.slice(0, 4)}${'*'.repeat(8)}`;
}
