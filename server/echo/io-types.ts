/**
 * The Socket.IO server and socket types of the echo server.
 */
import type { Server, Socket } from 'socket.io';
import type { ChannelName } from '../redis/keys.ts';
import type { ClientToServerEvents, PresenceMember, ServerToClientEvents } from './protocol.ts';

/** What one node reports to another for cluster-wide HTTP API answers. */
export interface NodeStats {
  connections: number;
  /** Channel name -> sockets subscribed on that node. */
  channels: Record<ChannelName, number>;
}

/** Events between echo-server nodes (cluster mode). */
export interface InterServerEvents {
  'echo:stats': (ack: (stats: NodeStats) => void) => void;
  /** A node announcing itself at start, before its first heartbeat reaches the others. */
  'echo:hello': (nodeId: string) => void;
}

/** Per-socket state; plain data so connection state recovery can store it. */
export interface SocketData {
  /** Presence channel -> the member this socket joined as; made on the first presence join. */
  presence?: Record<ChannelName, PresenceMember>;
}

/** The typed Socket.IO server. */
export type EchoIO = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
/** A typed socket. */
export type EchoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
