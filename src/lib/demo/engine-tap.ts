/**
 * Watches a socket.io-client 4 connection at the Engine.IO transport level, so a demo can show
 * every packet as it travels, with the transport that carried it: the `0{…}` open packet on
 * long-polling, `40` (namespace connect), the `2probe` / `3probe` exchange on the WebSocket
 * being tried, the `6` noop that releases the last poll, `5` (upgrade) and `42[…]` events.
 *
 * The engine's own `packet` / `packetCreate` events miss the probe, which travels on a transport
 * the engine has not adopted yet; so each transport is tapped as the engine creates it. Engine.IO
 * makes a new engine on every reconnection; the tap follows.
 */
import { frameText } from '../echo/frame-tap.ts';

/** One packet as it travelled. */
export interface EnginePacketRecord {
  readonly direction: 'in' | 'out';
  /** `polling`, `websocket` or `webtransport`. */
  readonly transport: string;
  /** The Engine.IO packet type: open, close, ping, pong, message, upgrade, noop. */
  readonly type: string;
  /** The packet as written on the wire, e.g. `2probe` or `42/demo-transports,["echo","hi"]`. */
  readonly text: string;
}

/** Transport-level happenings worth a line of their own. */
export type EngineTransportEvent =
  | { readonly kind: 'opened'; readonly transport: string }
  | { readonly kind: 'upgrading'; readonly transport: string }
  | { readonly kind: 'upgraded'; readonly transport: string }
  | { readonly kind: 'upgrade-failed'; readonly transport: string };

interface PacketLike {
  type?: unknown;
  data?: unknown;
}

/** The parts of an engine.io-client 6 transport the tap uses. */
interface TransportLike {
  name: string;
  /** Called with each decoded packet the transport received, before anyone hears of it. */
  onPacket(packet: PacketLike): void;
  send(packets: PacketLike[]): void;
}

/** The parts of an engine.io-client 6 socket the tap uses. */
interface EngineLike {
  transport?: TransportLike;
  createTransport(name: string): TransportLike;
  on(event: string, listener: (arg: never) => void): unknown;
}

/** The parts of a socket.io-client 4 socket the tap uses. */
export interface TappableSocket {
  io: {
    engine?: unknown;
    on(event: 'reconnect_attempt', listener: () => void): unknown;
    off(event: 'reconnect_attempt', listener: () => void): unknown;
  };
}

/** What the tap reports. */
export interface EngineTapHooks {
  onPacket(record: EnginePacketRecord): void;
  onTransport?(event: EngineTransportEvent): void;
}

/**
 * Taps `socket`'s engine now and after each reconnection. Call it right after `io()`: the first
 * transport exists then, and nothing has crossed it yet. Returns the untap function (it stops
 * the reports; the wrapped transports die with their engine).
 */
export function tapEngine(socket: TappableSocket, hooks: EngineTapHooks): () => void {
  let active = true;
  const tapped = new WeakSet<object>();

  const tapTransport = (transport: TransportLike): void => {
    if (tapped.has(transport)) return;
    tapped.add(transport);
    const report = (direction: 'in' | 'out', packet: PacketLike): void => {
      if (!active) return;
      const { type, text } = frameText(packet);
      hooks.onPacket({ direction, transport: transport.name, type, text });
    };
    // Wrapping these two methods of this one transport object is the only place every packet
    // passes, the probe's included, in wire order: a `packet` listener would hear the open
    // packet only after the engine had already answered it with `40`. Packets go on unchanged.
    const onPacket = transport.onPacket.bind(transport);
    transport.onPacket = (packet: PacketLike): void => {
      report('in', packet);
      onPacket(packet);
    };
    const send = transport.send.bind(transport);
    transport.send = (packets: PacketLike[]): void => {
      for (const packet of packets) report('out', packet);
      send(packets);
    };
  };

  const tapEngineNow = (): void => {
    const engine = socket.io.engine as EngineLike | undefined;
    if (engine === undefined || tapped.has(engine)) return;
    tapped.add(engine);
    if (engine.transport) {
      tapTransport(engine.transport);
      hooks.onTransport?.({ kind: 'opened', transport: engine.transport.name });
    }
    const create = engine.createTransport.bind(engine);
    engine.createTransport = (name: string): TransportLike => {
      const transport = create(name);
      tapTransport(transport);
      return transport;
    };
    const transportEvent =
      (kind: EngineTransportEvent['kind']) =>
      (transport: { name?: string } | undefined): void => {
        if (active) hooks.onTransport?.({ kind, transport: transport?.name ?? '?' });
      };
    engine.on('upgrading', transportEvent('upgrading'));
    engine.on('upgrade', transportEvent('upgraded'));
    engine.on('upgradeError', (error: { transport?: string }) => {
      if (active)
        hooks.onTransport?.({ kind: 'upgrade-failed', transport: error.transport ?? '?' });
    });
  };

  // The Manager creates the new engine right after `reconnect_attempt`, and nothing is sent
  // before its transport opens: a microtask later is early enough.
  const onAttempt = (): void => queueMicrotask(tapEngineNow);
  socket.io.on('reconnect_attempt', onAttempt);
  tapEngineNow();
  return () => {
    active = false;
    socket.io.off('reconnect_attempt', onAttempt);
  };
}
