/**
 * Relays one Laravel broadcast to the sockets of its channel (PROTOCOL.md section 4), from
 * either subscriber. Works across nodes: the adapter carries `to(room).except(id)`.
 */
import type { Logger } from 'pino';
import type { ChannelName } from '../redis/keys.ts';
import type { EchoServerEvents } from './events.ts';
import type { EchoIO } from './io-types.ts';
import type { EchoMetrics } from './metrics.ts';
import { RESERVED_EVENT_NAMES } from './protocol.ts';
import { channelRoom, isValidChannelName } from './channels/channel-name.ts';

/** One broadcast to relay. */
export interface Broadcast {
  source: 'redis' | 'http';
  channel: ChannelName;
  event: string;
  data: unknown;
  /** The socket to leave out (`toOthers()`). */
  socket: string | undefined;
}

/** Returns the relay function of one server. */
export function createBroadcaster(
  io: EchoIO,
  logger: Logger,
  events: EchoServerEvents,
  metrics: EchoMetrics,
  /**
   * Cluster mode: the rooms of the other nodes, or `undefined` while they are not known yet.
   * Absent on a single node.
   */
  otherNodeRooms?: () => string[] | undefined,
) {
  // Bound once: a labelled inc() would hash its labels on every message.
  const counters = {
    redis: metrics.broadcasts.labels({ source: 'redis' }),
    http: metrics.broadcasts.labels({ source: 'http' }),
  };
  return function broadcast(message: Broadcast): boolean {
    counters[message.source].inc();
    if (!isValidChannelName(message.channel)) {
      metrics.deliveriesDropped.inc({ reason: 'invalid_channel' });
      logger.warn(
        { channel: message.channel.slice(0, 200), source: message.source },
        'Dropped a broadcast: not a valid channel name',
      );
      return false;
    }
    if (RESERVED_EVENT_NAMES.has(message.event)) {
      metrics.deliveriesDropped.inc({ reason: 'reserved_event' });
      logger.warn(
        { channel: message.channel, event: message.event },
        `Dropped a broadcast: "${message.event}" is reserved by Socket.IO. Rename the event (broadcastAs()).`,
      );
      return false;
    }
    if (events.listenerCount('broadcast') > 0) {
      events.emit('broadcast', {
        source: message.source,
        channel: message.channel,
        event: message.event,
        data: message.data,
        ...(message.socket !== undefined ? { socket: message.socket } : {}),
        receivedAt: Date.now(),
      });
    }
    const room = channelRoom(message.channel);
    const except = message.socket;
    // A socket id never starts with '#'; refusing one that does keeps `except` from
    // excluding a whole channel room.
    const excluded =
      except !== undefined && except !== '' && !except.startsWith('#') ? [except] : undefined;
    let target;
    if (otherNodeRooms && message.source === 'redis') {
      // Every node hears Redis itself: deliver to this node's sockets only, but through the
      // adapter so the packet gets a stream offset and recovery works on any node.
      const others = otherNodeRooms();
      target =
        others === undefined
          ? io.local.to(room).except(excluded ?? [])
          : io.to(room).except([...others, ...(excluded ?? [])]);
    } else {
      target = excluded === undefined ? io.to(room) : io.to(room).except(excluded);
    }
    target.emit(message.event, message.channel, message.data);
    return true;
  };
}

/** The relay function. */
export type Broadcaster = ReturnType<typeof createBroadcaster>;
