/**
 * The parts of laravel-echo (1.x and 2.x) and socket.io-client (2 and 4) the demos use, as one
 * small interface: the same calls a Laravel app's front end makes, whichever versions it pins.
 */

/** A Socket.IO engine (Engine.IO client 3 or 6): the layer that carries the frames. */
export interface EngineLike {
  on(event: string, listener: (...args: never[]) => void): unknown;
  off?(event: string, listener?: (...args: never[]) => void): unknown;
  removeListener?(event: string, listener?: (...args: never[]) => void): unknown;
  close(): void;
  transport?: { name?: string; query?: Record<string, unknown> } | undefined;
}

/** The Socket.IO Manager (`socket.io`): reconnection lives here. */
export interface ManagerLike {
  on(event: string, listener: (...args: never[]) => void): unknown;
  off?(event: string, listener?: (...args: never[]) => void): unknown;
  engine?: EngineLike | undefined;
}

/** A Socket.IO client socket, as `Echo.connector.socket` exposes it. */
export interface SocketLike {
  id?: string | undefined;
  connected: boolean;
  /** Set by socket.io-client 4.6+ when connection state recovery restored the session. */
  recovered?: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener?: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
  connect(): unknown;
  io: ManagerLike;
}

/** An Echo channel (public, private or presence). */
export interface ChannelLike {
  listen(event: string, callback: (data: unknown) => void): ChannelLike;
  stopListening(event: string, callback?: (data: unknown) => void): ChannelLike;
  listenForWhisper(event: string, callback: (data: unknown) => void): ChannelLike;
  whisper(event: string, data: unknown): ChannelLike;
  notification(callback: (notification: unknown) => void): ChannelLike;
  here(callback: (members: unknown[]) => void): ChannelLike;
  joining(callback: (member: unknown) => void): ChannelLike;
  leaving(callback: (member: unknown) => void): ChannelLike;
}

/** Echo itself: `window.Echo` of a Laravel app. */
export interface EchoLike {
  channel(name: string): ChannelLike;
  private(name: string): ChannelLike;
  join(name: string): ChannelLike;
  leave(name: string): void;
  socketId(): string | undefined;
  disconnect(): void;
  connector: { socket: SocketLike; channels: Record<string, unknown> };
}
