/**
 * The typed events an echo server emits for dashboards and demos. Emitting is guarded by a
 * listener check at each call site, so nobody listening costs one property read.
 */
import { EventEmitter } from 'node:events';
import type { ChannelName, SocketId } from '../redis/keys.ts';
import type { PresenceMember } from './protocol.ts';
import type { ChannelType } from './channels/channel-name.ts';

/** Payloads of every event, by name. */
export interface EchoServerEventMap {
  connection: { socketId: SocketId; transport: string; clientVersion: 3 | 4 };
  disconnect: { socketId: SocketId; reason: string };
  subscribe: { socketId: SocketId; channel: ChannelName; type: ChannelType };
  unsubscribe: { socketId: SocketId; channel: ChannelName; type: ChannelType };
  subscription_error: { socketId: SocketId; channel: ChannelName; status: number };
  auth: { channel: ChannelName; status: number; ms: number };
  broadcast: {
    source: 'redis' | 'http';
    channel: ChannelName;
    event: string;
    data: unknown;
    socket?: SocketId;
    receivedAt: number;
  };
  whisper: { channel: ChannelName; event: string; from: SocketId };
  presence: { channel: ChannelName; kind: 'joining' | 'leaving'; member: PresenceMember };
}

/** A typed EventEmitter over {@link EchoServerEventMap}. */
export interface EchoServerEvents {
  on<K extends keyof EchoServerEventMap>(
    event: K,
    listener: (payload: EchoServerEventMap[K]) => void,
  ): this;
  once<K extends keyof EchoServerEventMap>(
    event: K,
    listener: (payload: EchoServerEventMap[K]) => void,
  ): this;
  off<K extends keyof EchoServerEventMap>(
    event: K,
    listener: (payload: EchoServerEventMap[K]) => void,
  ): this;
  emit<K extends keyof EchoServerEventMap>(event: K, payload: EchoServerEventMap[K]): boolean;
  listenerCount(event: keyof EchoServerEventMap): number;
  removeAllListeners(event?: keyof EchoServerEventMap): this;
}

/** Creates the emitter. */
export function createEchoServerEvents(): EchoServerEvents {
  const emitter = new EventEmitter();
  // Dashboards come and go; many listeners is normal, not a leak.
  emitter.setMaxListeners(0);
  return emitter as EchoServerEvents;
}
