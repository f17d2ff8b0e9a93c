/**
 * Every Redis key and pub/sub channel name the echo server uses, built in one place.
 *
 * Two namespaces meet here. Laravel publishes broadcasts on `<laravel prefix><channel>`
 * (PROTOCOL.md section 1); the server's own storage lives under `<laravel prefix>echo-server:`
 * so that two apps sharing one Redis never read each other's presence records or cluster streams.
 */

/** A broadcast channel name as the client sees it, e.g. `presence-room.5`. */
export type ChannelName = string;
/** A Socket.IO socket id. */
export type SocketId = string;
/** The id of one running echo-server process (random per start). */
export type NodeId = string;

/** Builds the keys of one app, given Laravel's Redis key prefix (may be empty). */
export function redisKeys(laravelPrefix: string) {
  const ns = `${laravelPrefix}echo-server:`;
  return {
    /** The Laravel key prefix itself, as configured. */
    laravelPrefix,
    /** The Redis channel Laravel publishes a broadcast for `channel` on. */
    broadcastChannel: (channel: ChannelName): string => `${laravelPrefix}${channel}`,
    /** The pattern the Redis subscriber listens to. */
    broadcastPattern: `${laravelPrefix}*`,
    /** Hash: socket id -> `<nodeId> <userKey>`, one entry per subscribed socket. */
    presenceSockets: (channel: ChannelName): string => `${ns}presence:${channel}:sockets`,
    /** Hash: user key -> number of that user's sockets in the channel. */
    presenceCounts: (channel: ChannelName): string => `${ns}presence:${channel}:counts`,
    /** Hash: user key -> member JSON `{user_id, user_info}`. */
    presenceMembers: (channel: ChannelName): string => `${ns}presence:${channel}:members`,
    /** Set of `<channel> <socketId>` a node holds, so a dead node's records can be removed. */
    nodePresence: (node: NodeId): string => `${ns}node:${node}:presence`,
    /** Sorted set: node id -> time (ms) of its last heartbeat. */
    nodes: `${ns}nodes`,
    /** The Redis stream of the cluster adapter. */
    clusterStream: `${ns}cluster`,
    /** The pub/sub prefix the cluster adapter uses between nodes. */
    clusterChannelPrefix: `${ns}cluster`,
    /** Prefix of Socket.IO session keys (connection state recovery across nodes). */
    sessionPrefix: `${ns}session:`,
    /** The storage namespace itself, for tests and tooling that count leftovers. */
    namespace: ns,
  };
}

/** The key set of one app. */
export type RedisKeys = ReturnType<typeof redisKeys>;
