/**
 * The browser's Echo set-up, as a Laravel app's `resources/js/bootstrap.js` writes it:
 *
 * ```js
 * window.Echo = new Echo({
 *     broadcaster: 'socket.io',
 *     host: window.location.hostname + ':6001',
 *     client: io,
 *     auth: { headers: { 'X-CSRF-TOKEN': token } },
 * });
 * ```
 *
 * Here the echo server shares the page's origin, so `host` is the page's origin. Three client
 * stacks are offered: laravel-echo 2.x + socket.io-client 4 (today's default), laravel-echo 1.x +
 * socket.io-client 2 (what apps built for laravel-echo-server pinned), and laravel-echo 1.x +
 * socket.io-client 4 (the pairing that forgets its channels after a reconnect). Each stack is
 * loaded on demand, so a page pays only for the one it uses.
 */
import type { EchoLike } from './echo-types.ts';

/** A laravel-echo + socket.io-client pairing. */
export type EchoStack = 'echo2+sio4' | 'echo1+sio2' | 'echo1+sio4';

/** What {@link createEcho} needs; everything but the CSRF token has a default. */
export interface EchoSetup {
  /** Laravel's CSRF token (`<meta name="csrf-token">`), sent as `X-CSRF-TOKEN`. */
  readonly csrfToken: string;
  /** @default 'echo2+sio4' */
  readonly stack?: EchoStack;
  /** Where the echo server is. @default the page's origin */
  readonly host?: string;
  /** Extra `auth.headers` (e.g. `Authorization: Bearer …` for a token user). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Echo's event namespace. @default 'App.Events' (Echo's own default) */
  readonly namespace?: string | false;
  /** Extra options passed to Echo and through it to `io()`. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** The options object Echo is given, exactly (shown in the demos' inspectors). */
export function echoOptions(setup: EchoSetup): Record<string, unknown> {
  return {
    broadcaster: 'socket.io',
    host: setup.host ?? window.location.origin,
    auth: { headers: { 'X-CSRF-TOKEN': setup.csrfToken, ...setup.headers } },
    ...(setup.namespace === undefined ? {} : { namespace: setup.namespace }),
    // Each demo owns its connection: two demos (or two panes) must not share one socket.
    forceNew: true,
    ...setup.options,
  };
}

type EchoConstructor = new (options: Record<string, unknown>) => unknown;

async function loadStack(stack: EchoStack): Promise<{ Echo: EchoConstructor; io: unknown }> {
  if (stack === 'echo2+sio4') {
    const [echo, sio] = await Promise.all([import('laravel-echo'), import('socket.io-client')]);
    return { Echo: echo.default as unknown as EchoConstructor, io: sio.io };
  }
  const echo = await import('laravel-echo-1');
  const Echo = echo.default as unknown as EchoConstructor;
  if (stack === 'echo1+sio4') return { Echo, io: (await import('socket.io-client')).io };
  return { Echo, io: (await import('socket.io-client-2/dist/socket.io.slim.js')).default };
}

/** Creates Echo on `setup.stack`; its socket starts connecting at once. */
export async function createEcho(setup: EchoSetup): Promise<EchoLike> {
  const { Echo, io } = await loadStack(setup.stack ?? 'echo2+sio4');
  return new Echo({ ...echoOptions(setup), client: io }) as EchoLike;
}
