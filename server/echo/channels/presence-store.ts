/**
 * Presence members in Redis, correct under concurrency, crashes and several processes.
 *
 * One record per socket (not one JSON blob per channel), changed only by Lua scripts so each
 * join/leave is atomic. A user's first socket reports `joining`, its last `leaving`. Each
 * record is also listed under its node; nodes write heartbeats, and the records of a node
 * whose heartbeat stopped (kill -9) are removed by whichever node notices first.
 */
import type { Redis } from 'ioredis';
import type { ChannelName, NodeId, RedisKeys, SocketId } from '../../redis/keys.ts';
import type { PresenceMember } from '../protocol.ts';

// KEYS: sockets, counts, members, nodePresence. ARGV: socketId, nodeId, userKey, memberJson, channel.
// Returns 1 when this is the user's first socket, 0 otherwise (including a repeated join).
const JOIN = `
if redis.call('hexists', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3])
redis.call('hset', KEYS[3], ARGV[3], ARGV[4])
redis.call('sadd', KEYS[4], ARGV[5] .. ' ' .. ARGV[1])
local n = redis.call('hincrby', KEYS[2], ARGV[3], 1)
if n == 1 then return 1 end
return 0
`;

// KEYS: sockets, counts, members. ARGV: socketId, channel.
// Returns {nodeId, memberJson-or-false}: the member when this was the user's last socket.
// Returns false when the socket had no record (never joined, or already removed).
const LEAVE = `
local rec = redis.call('hget', KEYS[1], ARGV[1])
if not rec then return false end
local sp = string.find(rec, ' ', 1, true)
local node = string.sub(rec, 1, sp - 1)
local user = string.sub(rec, sp + 1)
redis.call('hdel', KEYS[1], ARGV[1])
local n = redis.call('hincrby', KEYS[2], user, -1)
if n <= 0 then
  redis.call('hdel', KEYS[2], user)
  local member = redis.call('hget', KEYS[3], user)
  redis.call('hdel', KEYS[3], user)
  return {node, member or ''}
end
return {node, ''}
`;

/** The stable identity of a member: the JSON of its user id, so 1 and "1" stay distinct. */
export function userKey(member: PresenceMember): string {
  return JSON.stringify(member.user_id);
}

/** Result of a leave: whether the user is gone from the channel, and who. */
export type LeaveResult = { removed: false } | { removed: true; last: PresenceMember | undefined };

/** Presence records of one app (one key prefix). */
export class PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    readonly nodeId: NodeId,
  ) {}

  /** Records that `socketId` joined; true when it is the user's first socket there. */
  async join(channel: ChannelName, socketId: SocketId, member: PresenceMember): Promise<boolean> {
    const k = this.keys;
    const first = await this.redis.eval(
      JOIN,
      4,
      k.presenceSockets(channel),
      k.presenceCounts(channel),
      k.presenceMembers(channel),
      k.nodePresence(this.nodeId),
      socketId,
      this.nodeId,
      userKey(member),
      JSON.stringify(member),
      channel,
    );
    return first === 1;
  }

  /** Removes the record of `socketId`; reports the member when it was the user's last socket. */
  async leave(channel: ChannelName, socketId: SocketId): Promise<LeaveResult> {
    const k = this.keys;
    const out = await this.redis.eval(
      LEAVE,
      3,
      k.presenceSockets(channel),
      k.presenceCounts(channel),
      k.presenceMembers(channel),
      socketId,
      channel,
    );
    if (!Array.isArray(out)) return { removed: false };
    const [node, memberJson] = out as [string, string];
    await this.redis.srem(k.nodePresence(node), `${channel} ${socketId}`);
    return { removed: true, last: memberJson === '' ? undefined : parseMember(memberJson) };
  }

  /** The members of a channel, one per user, cluster-wide. */
  async members(channel: ChannelName): Promise<PresenceMember[]> {
    const values = await this.redis.hvals(this.keys.presenceMembers(channel));
    const out: PresenceMember[] = [];
    for (const v of values) {
      const m = parseMember(v);
      if (m) out.push(m);
    }
    return out;
  }

  /**
   * Writes this node's heartbeat; true when the entry was missing (first beat, or lost).
   * The set expires after `ttlMs` without beats, so a prefix whose nodes all died leaves nothing
   * behind; {@link reapOrphans} then cleans their records at the next start.
   */
  async heartbeat(ttlMs: number, now = Date.now()): Promise<boolean> {
    const result = await this.redis
      .multi()
      .zadd(this.keys.nodes, now, this.nodeId)
      .pexpire(this.keys.nodes, ttlMs)
      .exec();
    return result?.[0]?.[1] === 1;
  }

  /** Ids of every node with a heartbeat entry, dead ones not yet removed included. */
  async allNodes(): Promise<NodeId[]> {
    return this.redis.zrange(this.keys.nodes, 0, -1);
  }

  /** Ids of live nodes (heartbeat within `timeoutMs`), this one included. */
  async liveNodes(timeoutMs: number, now = Date.now()): Promise<NodeId[]> {
    return this.redis.zrangebyscore(this.keys.nodes, now - timeoutMs, '+inf');
  }

  /**
   * Removes the records of nodes silent for longer than `timeoutMs`; returns the members who
   * left as a result, so the caller can tell the rooms. Safe to run on several nodes at once:
   * each leave is atomic and a second run finds nothing.
   */
  async reapDeadNodes(
    timeoutMs: number,
    now = Date.now(),
  ): Promise<{ channel: ChannelName; member: PresenceMember }[]> {
    const dead = await this.redis.zrangebyscore(this.keys.nodes, '-inf', `(${now - timeoutMs}`);
    const left: { channel: ChannelName; member: PresenceMember }[] = [];
    for (const node of dead) {
      if (node === this.nodeId) continue;
      left.push(...(await this.removeNode(node)));
      await this.redis.zrem(this.keys.nodes, node);
    }
    return left;
  }

  /**
   * Removes the records of nodes that have no live heartbeat at all (every node was down for
   * longer than the heartbeat set lives). Runs once at start: it scans the node index keys.
   */
  async reapOrphans(
    timeoutMs: number,
    now = Date.now(),
  ): Promise<{ channel: ChannelName; member: PresenceMember }[]> {
    const live = new Set(await this.liveNodes(timeoutMs, now));
    const pattern = this.keys.nodePresence('*');
    const [before, after] = pattern.split('*') as [string, string];
    const left: { channel: ChannelName; member: PresenceMember }[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const node = key.slice(before.length, key.length - after.length);
        if (node !== this.nodeId && !live.has(node)) left.push(...(await this.removeNode(node)));
      }
    } while (cursor !== '0');
    return left;
  }

  /** Removes every record a node holds (its own shutdown, or a dead node). */
  async removeNode(node: NodeId): Promise<{ channel: ChannelName; member: PresenceMember }[]> {
    const key = this.keys.nodePresence(node);
    const left: { channel: ChannelName; member: PresenceMember }[] = [];
    for (;;) {
      const entries = await this.redis.spop(key, 100);
      if (entries.length === 0) break;
      for (const entry of entries) {
        const sp = entry.lastIndexOf(' ');
        const channel = entry.slice(0, sp);
        const result = await this.leave(channel, entry.slice(sp + 1));
        if (result.removed && result.last) left.push({ channel, member: result.last });
      }
    }
    return left;
  }

  /** Removes this node from the heartbeat set (graceful shutdown). */
  async forgetSelf(): Promise<void> {
    await this.redis.zrem(this.keys.nodes, this.nodeId);
  }
}

function parseMember(json: string): PresenceMember | undefined {
  try {
    const v: unknown = JSON.parse(json);
    if (typeof v === 'object' && v !== null && 'user_id' in v) {
      const id = v.user_id;
      if (typeof id === 'string' || typeof id === 'number') {
        return { user_id: id, user_info: 'user_info' in v ? v.user_info : null };
      }
    }
  } catch {
    // A corrupt record is skipped rather than breaking the member list.
  }
  return undefined;
}
