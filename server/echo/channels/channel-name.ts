/**
 * Channel names: validation, kind, and the Socket.IO room a channel lives in.
 */
import type { ChannelName } from '../../redis/keys.ts';

/** The kind of a channel, from its (anchored) prefix. */
export type ChannelType = 'public' | 'private' | 'presence';

/** Longest accepted channel name, as Pusher's protocol caps it. */
export const MAX_CHANNEL_NAME_LENGTH = 200;

// Pusher's channel-name alphabet, which Laravel channel names (`private-App.Models.User.1`) use.
const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]+$/;

/** Whether `name` is an acceptable channel name. */
export function isValidChannelName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_CHANNEL_NAME_LENGTH && CHANNEL_NAME.test(name);
}

/** The kind of a channel; `private-encrypted-` counts as private. */
export function channelType(name: ChannelName): ChannelType {
  if (name.startsWith('presence-')) return 'presence';
  if (name.startsWith('private-')) return 'private';
  return 'public';
}

/** Whether the channel needs an auth request before a join. */
export function needsAuth(name: ChannelName): boolean {
  return channelType(name) !== 'public';
}

/**
 * The Socket.IO room of a channel. `#` is outside the channel alphabet and never starts a
 * socket id, so a client can never join another socket's private room by naming it.
 */
export function channelRoom(name: ChannelName): string {
  return `#${name}`;
}

/** The channel of a room, or `undefined` for rooms that are not channels (socket ids). */
export function roomChannel(room: string): ChannelName | undefined {
  return room.startsWith('#') ? room.slice(1) : undefined;
}

/**
 * The room every socket of one node joins (cluster mode). Broadcasts a node relays from Redis
 * go through the cluster adapter, for their recovery offsets, but exclude the other nodes'
 * rooms: each node delivers what it heard itself to its own sockets, exactly once.
 */
export function nodeRoom(nodeId: string): string {
  return `@node:${nodeId}`;
}

/** Whether a room is a node room. */
export function isNodeRoom(room: string): boolean {
  return room.startsWith('@node:');
}

/** Whether an event name may be relayed as a whisper: anchored `client-` prefix. */
export function isWhisperEventName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.startsWith('client-') &&
    name.length > 'client-'.length &&
    name.length <= 200
  );
}
