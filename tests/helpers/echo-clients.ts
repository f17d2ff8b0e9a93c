/**
 * The two real client stacks the suite runs against: laravel-echo 2.x + socket.io-client 4,
 * and laravel-echo 1.19 + socket.io-client 2.5 (npm aliases `laravel-echo-1`,
 * `socket.io-client-2`), behind one small interface.
 */
import { createRequire } from 'node:module';
import Echo2 from 'laravel-echo';
import { io as io4 } from 'socket.io-client';
import { nextEvent } from './wait.ts';

const require = createRequire(import.meta.url);

/** A client stack under test. */
export type ClientStack = 'echo2+sio4' | 'echo1+sio2';

/** Both stacks, for `for (const stack of CLIENT_STACKS) describe(...)`. */
export const CLIENT_STACKS: readonly ClientStack[] = ['echo2+sio4', 'echo1+sio2'];

/** The part of a Socket.IO client socket tests use (same in v2 and v4). */
export interface SocketLike {
  id?: string | undefined;
  connected: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener?: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
  io: {
    on(event: string, listener: (...args: never[]) => void): unknown;
    engine?: { close(): void } | undefined;
  };
}

/** The part of an Echo channel tests use. */
export interface ChannelLike {
  listen(event: string, cb: (data: unknown) => void): ChannelLike;
  listenForWhisper(event: string, cb: (data: unknown) => void): ChannelLike;
  whisper(event: string, data: unknown): ChannelLike;
  here(cb: (users: unknown[]) => void): ChannelLike;
  joining(cb: (user: unknown) => void): ChannelLike;
  leaving(cb: (user: unknown) => void): ChannelLike;
  notification(cb: (notification: unknown) => void): ChannelLike;
}

/** The part of Echo tests use. */
export interface EchoLike {
  channel(name: string): ChannelLike;
  private(name: string): ChannelLike;
  join(name: string): ChannelLike;
  leave(name: string): void;
  leaveChannel(name: string): void;
  socketId(): string | undefined;
  disconnect(): void;
  connector: { socket: SocketLike };
}

/** A connected client. */
export interface TestClient {
  stack: ClientStack;
  echo: EchoLike;
  socket: SocketLike;
  close(): void;
}

/** Options of {@link connectClient}. */
export interface ConnectOptions {
  /** Echo's `auth.headers` (e.g. `Authorization: Bearer user-1`). */
  headers?: Record<string, string>;
  /** Extra Echo/Socket.IO options. */
  options?: Record<string, unknown>;
  /** Wait for `connect` (default true). */
  waitConnected?: boolean;
}

/** Creates Echo on `stack` against `url` and waits until the socket is connected. */
export async function connectClient(
  stack: ClientStack,
  url: string,
  opts: ConnectOptions = {},
): Promise<TestClient> {
  const base = {
    broadcaster: 'socket.io',
    host: url,
    auth: { headers: opts.headers ?? {} },
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
    ...opts.options,
  };
  let echo: EchoLike;
  if (stack === 'echo2+sio4') {
    echo = new Echo2({ ...base, client: io4 } as never) as unknown as EchoLike;
  } else {
    const Echo1 = (require('laravel-echo-1') as { default: new (o: unknown) => unknown }).default;
    const io2 = require('socket.io-client-2') as unknown;
    echo = new Echo1({ ...base, client: io2 }) as EchoLike;
  }
  const socket = echo.connector.socket;
  if (opts.waitConnected !== false && !socket.connected) await nextEvent(socket, 'connect');
  return {
    stack,
    echo,
    socket,
    close() {
      echo.disconnect();
    },
  };
}
