/**
 * The wire shapes of the `ch1-transports` demo: a Socket.IO namespace of its own
 * (`/demo-transports`) where the same `emit` / `on` code runs over long-polling or WebSocket.
 * The page imports the types only.
 */
import { z } from 'zod';

/** The namespace; the echo server's default namespace is left alone. */
export const TRANSPORTS_NAMESPACE = '/demo-transports';

/** Characters in one `echo` text. */
export const MAX_ECHO_CHARS = 200;

/** Milliseconds between two server pushes (`tick`) to each socket. */
export const TICK_MS = 5000;

/** `echo` payload: `socket.emit('echo', { text }, ack)`. */
export const echoSchema = z.object({ text: z.string().max(MAX_ECHO_CHARS) });

/** The answer to `echo`. */
export type EchoReply =
  | {
      readonly ok: true;
      readonly text: string;
      /** The transport the server received the event on. */
      readonly transport: string;
      readonly at: number;
    }
  | { readonly ok: false; readonly error: string };

/** The server's push: its clock and the transport it is sending on. */
export interface Tick {
  readonly n: number;
  readonly at: number;
  readonly transport: string;
}

/** Events the page sends. */
export interface TransportsClientEvents {
  echo: (payload: unknown, ack?: unknown) => void;
}

/** Events the server sends. */
export interface TransportsServerEvents {
  /** Sent once on connection and again after an upgrade: the transport the server sees. */
  transport: (info: { readonly name: string; readonly upgraded: boolean }) => void;
  tick: (tick: Tick) => void;
}
