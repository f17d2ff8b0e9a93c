/**
 * The adapter of a single node: Socket.IO's in-memory adapter, with a cheaper write path for
 * broadcasts and, when connection state recovery is on, a log of the broadcasts of the last
 * `maxDisconnectionDuration` ms and the sessions of disconnected sockets, so that a socket back
 * within that time gets its rooms and the events it missed (Socket.IO's `persistSession` /
 * `restoreSession` contract).
 *
 * It does what Socket.IO's own adapters do, with less work per broadcast:
 * - the WebSocket frame of a broadcast is built once, as one buffer, and written straight to
 *   the TCP socket of each WebSocket target that has nothing queued before it (`writeFrame`):
 *   a relay's cost is its per-socket write path, and Engine.IO's (a packet object, its events,
 *   the transport's writable toggle, a write callback per socket) is most of it. Any other
 *   target (polling, an upgrade in progress, packets queued, compression negotiated) takes
 *   Engine.IO's path, so the order of a socket's packets never changes;
 * - the log keeps each event as the string the broadcast encoded anyway, and its rooms as an
 *   array, not the event's objects and the broadcast's Sets: a relay holds a couple of minutes
 *   of broadcasts, and every object kept that long is copied and marked by the GC again and
 *   again. A restoring socket's missed events are parsed back from those strings.
 * Cluster mode does not use it: there the Redis streams adapter keeps the sessions.
 */
import { Adapter, type BroadcastOptions, type Room, type Session } from 'socket.io-adapter';
import { randomBytes } from 'node:crypto';

/** Socket.IO's packet types this adapter looks at (socket.io-parser's PacketType). */
const EVENT = 2;
/** Engine.IO's "message" packet type, the first character of every Socket.IO packet frame. */
const ENGINE_MESSAGE = '4';
/** How often expired sessions and events are dropped, at most (and at least every window). */
const SWEEP_MS = 60_000;
/** The shortest sweep interval, for very short recovery windows. */
const MIN_SWEEP_MS = 1_000;

/** The packet Socket.IO hands to `broadcast`. */
interface OutgoingPacket {
  type: number;
  data: unknown[];
  nsp?: string;
  id?: number;
}

/** How Socket.IO's client writes pre-encoded packets (socket.io's `WriteOptions`). */
interface WriteOptions {
  preEncoded: true;
  volatile: boolean | undefined;
  compress: boolean | undefined;
  /** Engine.IO's WebSocket transport writes this frame as it is (see `textFrame`). */
  wsPreEncodedFrame?: Buffer[];
}

/** The parts of the `ws` WebSocket under Engine.IO's WebSocket transport that `writeFrame` reads. */
interface RawWebSocket {
  readyState: number;
  _extensions?: Record<string, unknown>;
  _sender?: { _state?: number; _queue?: unknown[] };
  _socket?: { write(chunk: Buffer): boolean; writableLength: number } | null;
}

/** The parts of an Engine.IO socket (a Socket.IO client's connection) that `writeFrame` reads. */
interface EngineConnection {
  readyState: string;
  writeBuffer: unknown[];
  transport: { name: string; writable: boolean; socket?: RawWebSocket };
}

/** The parts of a Socket.IO socket a broadcast uses. */
interface TargetSocket {
  client: {
    conn: EngineConnection;
    writeToEngine(packets: unknown[], options: WriteOptions): void;
  };
  notifyOutgoingListeners?: (packet: OutgoingPacket) => void;
}

/** `ws`'s WebSocket.OPEN and its Sender's idle state (nothing being compressed or read). */
const WS_OPEN = 1;
const SENDER_IDLE = 0;

/** The parts of a Socket.IO namespace the adapter uses. */
interface NamespaceView {
  name: string;
  sockets: Map<string, TargetSocket>;
  server: {
    encoder: { encode(packet: OutgoingPacket): unknown[] };
    opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } };
  };
}

/** One logged broadcast; its offset is told by its place in the log. */
interface LoggedEvent {
  emittedAt: number;
  /** The rooms it went to; empty: every socket. */
  rooms: Room[];
  /** The rooms it left out. */
  except: Room[];
  /** The encoded packet, from which the event's arguments are parsed back on restore. */
  encoded: string | undefined;
  /** The event's arguments, kept only when they did not encode to one string (binary). */
  data: unknown[] | undefined;
}

type PersistedSession = Omit<Session, 'missedPackets'> & { disconnectedAt: number };

/**
 * An unmasked, final WebSocket text frame holding Engine.IO message `encoded`, in one buffer
 * (RFC 6455 section 5.2: 2 header bytes, plus 2 or 8 bytes of length past 125 and 65535).
 */
export function textFrame(encoded: string): Buffer {
  const length = Buffer.byteLength(encoded) + ENGINE_MESSAGE.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(ENGINE_MESSAGE, header, 'latin1');
  frame.write(encoded, header + 1, 'utf8');
  return frame;
}

/**
 * Writes `frame` straight to `socket`'s TCP socket when that keeps the order of its packets
 * and the frame is what `ws` would have written: the socket is open on the WebSocket
 * transport, Engine.IO has nothing queued for it, `ws` is not compressing and has nothing
 * queued either. Returns false when the caller must take Engine.IO's path instead.
 * A volatile event is dropped while the socket is busy, as Socket.IO drops it: while Engine.IO
 * waits on a write, or the TCP socket holds bytes the kernel has not taken.
 */
function writeFrame(socket: TargetSocket, frame: Buffer, volatile: boolean): boolean {
  const conn = socket.client.conn;
  const transport = conn.transport;
  if (conn.readyState !== 'open' || conn.writeBuffer.length !== 0) return false;
  if (transport.name !== 'websocket') return false;
  const ws = transport.socket;
  const sender = ws?._sender;
  const tcp = ws?._socket;
  if (
    !ws ||
    !tcp ||
    ws.readyState !== WS_OPEN ||
    ws._extensions?.['permessage-deflate'] !== undefined ||
    sender?._state !== SENDER_IDLE ||
    sender._queue?.length !== 0
  ) {
    return false;
  }
  if (volatile && (!transport.writable || tcp.writableLength > 0)) return true;
  tcp.write(frame);
  return true;
}

/** The adapter of a single node (see the module comment). */
export class LocalAdapter extends Adapter {
  readonly #namespace: NamespaceView;
  /** Whether connection state recovery is on: broadcasts are logged and sessions kept. */
  readonly #recovering: boolean;
  readonly #maxDisconnectionMs: number;
  readonly #sessions = new Map<string, PersistedSession>();
  #log: LoggedEvent[] = [];
  /**
   * Offsets are `<process tag>-<counter in base 36>`: unique, never valid in another process,
   * and the counter tells an event's place in the log without searching it.
   */
  readonly #offsetPrefix = `${randomBytes(4).toString('hex')}-`;
  /** The counter of `#log[0]`; the next event gets `#firstCounter + #log.length`. */
  #firstCounter = 0;
  readonly #sweeper: NodeJS.Timeout | undefined;

  constructor(nsp: NamespaceView) {
    super(nsp);
    this.#namespace = nsp;
    const recovery = nsp.server.opts.connectionStateRecovery;
    this.#recovering = Boolean(recovery);
    this.#maxDisconnectionMs = recovery?.maxDisconnectionDuration ?? 120_000;
    if (this.#recovering) {
      const sweepMs = Math.min(SWEEP_MS, Math.max(MIN_SWEEP_MS, this.#maxDisconnectionMs));
      this.#sweeper = setInterval(() => this.#sweep(), sweepMs);
      this.#sweeper.unref();
    }
  }

  override close(): void {
    clearInterval(this.#sweeper);
  }

  override broadcast(packet: OutgoingPacket, opts: BroadcastOptions): void {
    const flags = opts.flags ?? {};
    // Events with an acknowledgement or the volatile flag are not replayed, as in Socket.IO.
    const logged =
      this.#recovering &&
      packet.type === EVENT &&
      packet.id === undefined &&
      flags.volatile === undefined;
    let offset: string | undefined;
    if (logged) {
      offset = this.#offsetPrefix + (this.#firstCounter + this.#log.length).toString(36);
      // The client keeps the last argument of an event as the offset to resume from.
      packet.data.push(offset);
    }
    packet.nsp = this.#namespace.name;
    const encoded = this.#namespace.server.encoder.encode(packet);
    const single = encoded.length === 1 && typeof encoded[0] === 'string' ? encoded[0] : undefined;
    const frame = single !== undefined ? textFrame(single) : undefined;
    const options: WriteOptions = {
      preEncoded: true,
      volatile: flags.volatile,
      compress: flags.compress,
      ...(frame ? { wsPreEncodedFrame: [frame] } : {}),
    };
    const volatile = flags.volatile === true;
    if (offset !== undefined) {
      this.#log.push({
        emittedAt: Date.now(),
        rooms: [...opts.rooms],
        except: opts.except ? [...opts.except] : [],
        encoded: single,
        data: single === undefined ? packet.data : undefined,
      });
    }
    this.#forEachTarget(opts, (socket) => {
      socket.notifyOutgoingListeners?.(packet);
      if (frame && writeFrame(socket, frame, volatile)) return;
      socket.client.writeToEngine(encoded, options);
    });
  }

  override persistSession(session: Omit<Session, 'missedPackets'>): void {
    this.#sessions.set(session.pid, { ...session, disconnectedAt: Date.now() });
  }

  override restoreSession(pid: string, offset: string): Promise<Session> {
    const session = this.#sessions.get(pid);
    if (!session) return NOT_RECOVERED;
    // A session is restored once; a later disconnection persists it again.
    this.#sessions.delete(pid);
    if (session.disconnectedAt + this.#maxDisconnectionMs < Date.now()) return NOT_RECOVERED;
    const from = this.#indexOf(offset);
    // An offset no longer (or never) in the log: the events missed cannot be told.
    if (from === undefined) return NOT_RECOVERED;
    const missedPackets: unknown[][] = [];
    for (let i = from + 1; i < this.#log.length; i += 1) {
      const event = this.#log[i]!;
      if (reaches(event, session.rooms)) missedPackets.push(this.#argumentsOf(event));
    }
    const { disconnectedAt: _, ...restored } = session;
    return Promise.resolve({ ...restored, missedPackets });
  }

  /** Calls `write` with each socket in any of the rooms of `opts` (or all), less `except`. */
  #forEachTarget(opts: BroadcastOptions, write: (socket: TargetSocket) => void): void {
    const excluded = new Set<string>();
    if (opts.except) {
      for (const room of opts.except) {
        const ids = this.rooms.get(room);
        if (ids) for (const id of ids) excluded.add(id);
      }
    }
    const sockets = this.#namespace.sockets;
    if (opts.rooms.size === 0) {
      for (const id of this.sids.keys()) {
        const socket = excluded.has(id) ? undefined : sockets.get(id);
        if (socket) write(socket);
      }
      return;
    }
    // A socket in several of the rooms gets the event once.
    const seen = opts.rooms.size > 1 ? new Set<string>() : undefined;
    for (const room of opts.rooms) {
      const ids = this.rooms.get(room);
      if (!ids) continue;
      for (const id of ids) {
        if (excluded.has(id) || seen?.has(id)) continue;
        const socket = sockets.get(id);
        if (!socket) continue;
        seen?.add(id);
        write(socket);
      }
    }
  }

  /** The place in the log of the event with `offset`, if it is there. */
  #indexOf(offset: string): number | undefined {
    if (!offset.startsWith(this.#offsetPrefix)) return undefined;
    const digits = offset.slice(this.#offsetPrefix.length);
    if (!/^[0-9a-z]{1,11}$/.test(digits)) return undefined;
    const index = parseInt(digits, 36) - this.#firstCounter;
    return index >= 0 && index < this.#log.length ? index : undefined;
  }

  /** The arguments of a logged event, parsed back from its encoded packet. */
  #argumentsOf(event: LoggedEvent): unknown[] {
    if (event.data) return event.data;
    const nsp = this.#namespace.name;
    // `2` (an event), then `<nsp>,` outside the main namespace, then the JSON arguments.
    const start = nsp === '/' ? 1 : nsp.length + 2;
    return JSON.parse(event.encoded!.slice(start)) as unknown[];
  }

  /** Drops the sessions and logged events older than the recovery window. */
  #sweep(): void {
    const threshold = Date.now() - this.#maxDisconnectionMs;
    for (const [pid, session] of this.#sessions) {
      if (session.disconnectedAt < threshold) this.#sessions.delete(pid);
    }
    let expired = 0;
    while (expired < this.#log.length && this.#log[expired]!.emittedAt < threshold) expired += 1;
    if (expired > 0) {
      this.#log = this.#log.slice(expired);
      this.#firstCounter += expired;
    }
  }
}

/**
 * What `restoreSession` gives when the session cannot be recovered: Socket.IO awaits the
 * result and starts a new session on null, although its typing leaves null out.
 */
const NOT_RECOVERED = Promise.resolve(null) as unknown as Promise<Session>;

/** Whether a logged event reached a socket that was in `rooms` (its own id room included). */
function reaches(event: LoggedEvent, rooms: Room[]): boolean {
  const included = event.rooms.length === 0 || rooms.some((room) => event.rooms.includes(room));
  return included && !rooms.some((room) => event.except.includes(room));
}
