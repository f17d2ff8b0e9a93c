/**
 * Watches the Engine.IO packets of a Socket.IO client (socket.io-client 2 or 4), so a demo can
 * show the frames its Echo really sent and received: `42["subscribe",{…}]` out,
 * `42["App\\Events\\OrderShipped","order.3",{…}]` in. Engine.IO replaces its engine on every
 * reconnection; the tap follows.
 */
import type { EngineLike, SocketLike } from './echo-types.ts';

/** One frame as it travels: the Engine.IO packet type digit followed by its data. */
export interface Frame {
  readonly direction: 'in' | 'out';
  /** E.g. `42["subscribe",{"channel":"news"}]` or `0{"sid":…}`. */
  readonly text: string;
  /** The Engine.IO packet type: open, close, ping, pong, message, upgrade, noop. */
  readonly type: string;
}

const TYPE_DIGITS: Readonly<Record<string, string>> = {
  open: '0',
  close: '1',
  ping: '2',
  pong: '3',
  message: '4',
  upgrade: '5',
  noop: '6',
};

interface EnginePacket {
  type?: unknown;
  data?: unknown;
}

/** The text of one Engine.IO packet, as it is written on the wire. */
export function frameText(packet: EnginePacket): { type: string; text: string } {
  const type = typeof packet.type === 'string' ? packet.type : 'unknown';
  const data =
    typeof packet.data === 'string' ? packet.data : packet.data === undefined ? '' : '<binary>';
  return { type, text: `${TYPE_DIGITS[type] ?? '?'}${data}` };
}

/** Options of {@link tapFrames}. */
export interface TapOptions {
  /** Show ping/pong heartbeats too. @default false */
  readonly heartbeats?: boolean;
}

/** Calls `onFrame` for every packet `socket` sends or receives; returns the untap function. */
export function tapFrames(
  socket: SocketLike,
  onFrame: (frame: Frame) => void,
  options: TapOptions = {},
): () => void {
  const tapped = new WeakSet<EngineLike>();
  const untaps: (() => void)[] = [];
  const emit = (direction: Frame['direction'], packet: EnginePacket): void => {
    const { type, text } = frameText(packet);
    if (!options.heartbeats && (type === 'ping' || type === 'pong')) return;
    onFrame({ direction, type, text });
  };
  const tap = (): void => {
    const engine = socket.io.engine;
    if (engine === undefined || tapped.has(engine)) return;
    tapped.add(engine);
    const incoming = (packet: EnginePacket): void => emit('in', packet);
    const outgoing = (packet: EnginePacket): void => emit('out', packet);
    engine.on('packet', incoming as (...args: never[]) => void);
    engine.on('packetCreate', outgoing as (...args: never[]) => void);
    untaps.push(() => {
      const off = (engine.off ?? engine.removeListener)?.bind(engine);
      off?.('packet', incoming as (...args: never[]) => void);
      off?.('packetCreate', outgoing as (...args: never[]) => void);
    });
  };
  // The Manager creates the new engine synchronously right after `reconnect_attempt`, and the
  // engine sends nothing before its transport opens: a microtask later is early enough.
  const onAttempt = (): void => queueMicrotask(tap);
  socket.io.on('reconnect_attempt', onAttempt);
  tap();
  return () => {
    socket.io.off?.('reconnect_attempt', onAttempt);
    for (const untap of untaps.splice(0)) untap();
  };
}

/** The Engine.IO protocol version the socket speaks (3 for socket.io-client 2, 4 for 3/4). */
export function engineProtocol(socket: SocketLike): number | undefined {
  const value = socket.io.engine?.transport?.query?.['EIO'];
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
