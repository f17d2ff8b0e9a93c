/**
 * Echo plus what a demo needs around it: the connection state in the demo contract's words
 * (`connecting` until the socket is connected, `live` while it is, `connecting` again while
 * Socket.IO reconnects after a drop or a server restart) and a tap on its frames.
 */
import { createEcho, type EchoSetup } from './create-echo.ts';
import type { EchoLike, SocketLike } from './echo-types.ts';
import { tapFrames, type Frame } from './frame-tap.ts';

/** What a demo hears from its connection. */
export interface EchoConnectionHooks {
  /** The socket connected (`live`) or lost its connection (`connecting`, with a reason). */
  onState(state: 'live' | 'connecting', reason: string): void;
  /** Every frame sent or received (heartbeats left out). */
  onFrame?(frame: Frame): void;
  /** The socket (re)connected; `recovered` when the server restored the old session. */
  onConnect?(socket: SocketLike): void;
}

/** A running Echo with its hooks attached. */
export interface EchoConnection {
  readonly echo: EchoLike;
  readonly socket: SocketLike;
  /** Detaches the hooks and disconnects Echo. */
  close(): void;
}

/** Creates Echo for `setup` and reports its state through `hooks`. */
export async function connectEcho(
  setup: EchoSetup,
  hooks: EchoConnectionHooks,
): Promise<EchoConnection> {
  const echo = await createEcho(setup);
  const socket = echo.connector.socket;
  const untap = hooks.onFrame ? tapFrames(socket, hooks.onFrame) : () => undefined;
  const onConnect = (): void => {
    hooks.onState('live', '');
    hooks.onConnect?.(socket);
  };
  const onDisconnect = (reason: unknown): void =>
    hooks.onState('connecting', typeof reason === 'string' ? reason : 'disconnected');
  const onError = (error: unknown): void =>
    hooks.onState('connecting', error instanceof Error ? error.message : 'connection error');
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect as (...args: never[]) => void);
  socket.on('connect_error', onError as (...args: never[]) => void);
  if (socket.connected) onConnect();
  return {
    echo,
    socket,
    close() {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect as (...args: never[]) => void);
      socket.off('connect_error', onError as (...args: never[]) => void);
      untap();
      echo.disconnect();
    },
  };
}
