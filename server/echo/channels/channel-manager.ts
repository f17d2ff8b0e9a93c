/**
 * What a socket can do with channels (PROTOCOL.md section 3): subscribe, unsubscribe, whisper.
 * Nothing a client sends can throw out of here: refusals become events to that socket only,
 * and log lines.
 */
import type { Logger } from 'pino';
import type { ChannelName } from '../../redis/keys.ts';
import type { EchoServerConfig } from '../config/config-schema.ts';
import type { EchoServerEvents } from '../events.ts';
import type { EchoIO, EchoSocket } from '../io-types.ts';
import type { EchoMetrics } from '../metrics.ts';
import {
  parseSubscribe,
  parseWhisper,
  stringHeaders,
  type PresenceMember,
  type WhisperErrorCode,
} from '../protocol.ts';
import type { ChannelAuthorizer } from './authorize-channel.ts';
import {
  channelRoom,
  channelType,
  isValidChannelName,
  isWhisperEventName,
} from './channel-name.ts';
import type { PresenceStore } from './presence-store.ts';
import { TokenBucket } from './whisper-limiter.ts';

/** Dependencies of the channel manager. */
export interface ChannelManagerDeps {
  io: EchoIO;
  config: EchoServerConfig;
  logger: Logger;
  events: EchoServerEvents;
  metrics: EchoMetrics;
  authorizer: ChannelAuthorizer;
  presence: PresenceStore;
}

/** Handles the channel events of every socket of one server. */
export class ChannelManager {
  // channel -> token of the subscribe in flight; an unsubscribe or a newer subscribe voids it.
  readonly #pending = new WeakMap<EchoSocket, Map<ChannelName, symbol>>();
  readonly #buckets = new WeakMap<EchoSocket, TokenBucket>();
  /** Set at shutdown: presence is then removed in bulk, not socket by socket. */
  closing = false;

  constructor(private readonly deps: ChannelManagerDeps) {}

  /**
   * The listeners every socket shares: Socket.IO calls them with the socket as `this`, so a
   * connection costs no closures of its own.
   */
  readonly #listeners = socketListeners(this);

  /** Wires the handlers of a newly connected socket. */
  attach(socket: EchoSocket): void {
    socket.on('subscribe', this.#listeners.subscribe);
    socket.on('unsubscribe', this.#listeners.unsubscribe);
    socket.on('client event', this.#listeners.whisper);
    socket.on('disconnect', this.#listeners.disconnect);
  }

  /** Runs the handler of one client event; nothing it throws leaves here. */
  guard(socket: EchoSocket, what: string, run: () => Promise<void> | void): void {
    void this.#guard(socket, what, async () => run());
  }

  async #guard(socket: EchoSocket, what: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.deps.logger.error(
        { err: error, socketId: socket.id, event: what },
        `Failed to handle "${what}"`,
      );
    }
  }

  /** Handles `subscribe`: public at once, private/presence after auth. Idempotent. */
  async subscribe(socket: EchoSocket, payload: unknown): Promise<void> {
    const request = parseSubscribe(payload);
    if (!request) {
      this.deps.logger.debug({ socketId: socket.id }, 'Ignored a subscribe without a channel');
      return;
    }
    const { channel } = request;
    if (!isValidChannelName(channel)) {
      this.#subscriptionError(socket, channel.slice(0, 200), 400, 'invalid channel name');
      return;
    }
    const type = channelType(channel);
    const room = channelRoom(channel);
    if (type === 'public') {
      if (!socket.rooms.has(room)) this.#joined(socket, channel, type, room);
      return;
    }
    if (socket.rooms.has(room)) {
      // A re-subscribe (reconnect, buffered emit): Echo's here() expects the list again.
      if (type === 'presence') await this.#sendMembers(socket, channel);
      return;
    }
    let pending = this.#pending.get(socket);
    if (pending === undefined) {
      pending = new Map();
      this.#pending.set(socket, pending);
    }
    if (pending.has(channel)) return;
    const token = Symbol(channel);
    pending.set(channel, token);
    const headers =
      Object.keys(request.headers).length > 0 ? request.headers : handshakeHeaders(socket);
    const started = performance.now();
    const result = await this.deps.authorizer.authorize({
      channel,
      headers,
      handshakeHeaders: socket.handshake.headers,
    });
    const ms = performance.now() - started;
    this.deps.metrics.authDuration.observe({ status: String(result.status) }, ms / 1000);
    if (this.deps.events.listenerCount('auth') > 0)
      this.deps.events.emit('auth', { channel, status: result.status, ms });
    if (pending.get(channel) !== token || !socket.connected) return;
    pending.delete(channel);
    if (!result.ok) {
      this.#subscriptionError(socket, channel, result.status, result.reason);
      return;
    }
    if (type === 'private') {
      this.#joined(socket, channel, type, room);
      return;
    }
    const member = result.member;
    if (member === undefined) return;
    await this.#joinPresence(socket, channel, member);
  }

  async #joinPresence(
    socket: EchoSocket,
    channel: ChannelName,
    member: PresenceMember,
  ): Promise<void> {
    const room = channelRoom(channel);
    this.#joined(socket, channel, 'presence', room);
    (socket.data.presence ??= {})[channel] = member;
    let first: boolean;
    try {
      first = await this.deps.presence.join(channel, socket.id, member);
    } catch (error) {
      this.deps.logger.error(
        { err: error, channel },
        'Could not store a presence member (Redis unavailable?)',
      );
      void socket.leave(room);
      delete socket.data.presence?.[channel];
      this.#subscriptionError(socket, channel, 503, 'presence store unavailable');
      return;
    }
    if (!socket.connected || socket.data.presence?.[channel] !== member) {
      // Left while the record was being written: undo it.
      await this.#leavePresence(socket.id, channel);
      return;
    }
    await this.#sendMembers(socket, channel);
    if (first) this.#announce(socket, channel, 'joining', member);
  }

  async #sendMembers(socket: EchoSocket, channel: ChannelName): Promise<void> {
    const members = await this.deps.presence.members(channel);
    socket.emit('presence:subscribed', channel, members);
  }

  /** Re-records the presence of a socket whose session was recovered, or after Redis lost data. */
  async restorePresence(socket: EchoSocket): Promise<void> {
    for (const [channel, member] of Object.entries(socket.data.presence ?? {})) {
      if (!socket.rooms.has(channelRoom(channel))) continue;
      const first = await this.deps.presence.join(channel, socket.id, member);
      if (first) this.#announce(socket, channel, 'joining', member);
    }
  }

  #announce(
    socket: EchoSocket | undefined,
    channel: ChannelName,
    kind: 'joining' | 'leaving',
    member: PresenceMember,
  ): void {
    if (this.deps.events.listenerCount('presence') > 0)
      this.deps.events.emit('presence', { channel, kind, member });
    if (!this.deps.config.databaseConfig.publishPresence) return;
    const room = channelRoom(channel);
    if (kind === 'joining' && socket) socket.to(room).emit('presence:joining', channel, member);
    else this.deps.io.to(room).emit('presence:leaving', channel, member);
  }

  /** Tells a room that a member left because its node died (called by the reaper). */
  announceLeaving(channel: ChannelName, member: PresenceMember): void {
    this.#announce(undefined, channel, 'leaving', member);
  }

  #joined(
    socket: EchoSocket,
    channel: ChannelName,
    type: 'public' | 'private' | 'presence',
    room: string,
  ): void {
    void socket.join(room);
    if (this.deps.events.listenerCount('subscribe') > 0)
      this.deps.events.emit('subscribe', { socketId: socket.id, channel, type });
  }

  #subscriptionError(
    socket: EchoSocket,
    channel: ChannelName,
    status: number,
    reason: string,
  ): void {
    this.deps.logger.info({ socketId: socket.id, channel, status, reason }, 'Subscription refused');
    if (this.deps.events.listenerCount('subscription_error') > 0) {
      this.deps.events.emit('subscription_error', { socketId: socket.id, channel, status });
    }
    // To the socket itself, never to a room named after it (laravel-echo-server defect 6).
    socket.emit('subscription_error', channel, status);
  }

  /** Handles `unsubscribe`; a channel never joined is a no-op. */
  async unsubscribe(socket: EchoSocket, payload: unknown): Promise<void> {
    const request = parseSubscribe(payload);
    if (!request || !isValidChannelName(request.channel)) return;
    const { channel } = request;
    this.#pending.get(socket)?.delete(channel);
    const room = channelRoom(channel);
    if (!socket.rooms.has(room)) return;
    const type = channelType(channel);
    void socket.leave(room);
    if (this.deps.events.listenerCount('unsubscribe') > 0)
      this.deps.events.emit('unsubscribe', { socketId: socket.id, channel, type });
    if (type === 'presence' && socket.data.presence?.[channel] !== undefined) {
      delete socket.data.presence[channel];
      await this.#leavePresence(socket.id, channel);
    }
  }

  async #leavePresence(socketId: string, channel: ChannelName): Promise<void> {
    const result = await this.deps.presence.leave(channel, socketId);
    if (result.removed && result.last) this.#announce(undefined, channel, 'leaving', result.last);
  }

  /** Leaves every presence channel of a socket that disconnected. */
  async leaveAllPresence(socket: EchoSocket): Promise<void> {
    if (this.closing) return;
    // socket.data is read, not changed: a recoverable session keeps it to restore presence.
    for (const channel of Object.keys(socket.data.presence ?? {})) {
      await this.#leavePresence(socket.id, channel);
    }
  }

  /** Handles `client event`: relays a whisper to the room minus the sender, or refuses it. */
  whisper(socket: EchoSocket, payload: unknown): void {
    const request = parseWhisper(payload);
    const refuse = (channel: string, event: string, code: WhisperErrorCode): void => {
      this.deps.metrics.whispers.inc({ result: code });
      this.deps.logger.debug({ socketId: socket.id, channel, event, code }, 'Whisper refused');
      socket.emit('whisper_error', channel.slice(0, 200), { event: event.slice(0, 200), code });
    };
    if (!request) return refuse('', '', 'invalid_payload');
    const { channel, event, data } = request;
    if (!isWhisperEventName(event)) return refuse(channel, event, 'invalid_event');
    if (!isValidChannelName(channel) || channelType(channel) === 'public')
      return refuse(channel, event, 'not_private');
    const room = channelRoom(channel);
    if (!socket.rooms.has(room)) return refuse(channel, event, 'not_member');
    const { whisper } = this.deps.config;
    const size = Buffer.byteLength(JSON.stringify(data) ?? '');
    if (size > whisper.maxBytes) return refuse(channel, event, 'too_large');
    let bucket = this.#buckets.get(socket);
    if (bucket === undefined) {
      bucket = new TokenBucket(whisper.perSecond, whisper.burst);
      this.#buckets.set(socket, bucket);
    }
    if (!bucket.take()) return refuse(channel, event, 'rate_limited');
    this.deps.metrics.whispers.inc({ result: 'relayed' });
    if (this.deps.events.listenerCount('whisper') > 0)
      this.deps.events.emit('whisper', { channel, event, from: socket.id });
    socket.to(room).emit(event, channel, data);
  }
}

function handshakeHeaders(socket: EchoSocket): Record<string, string> {
  // socket.io-client 3/4 also carry Echo's `auth` option in the handshake.
  const auth: unknown = socket.handshake.auth;
  if (typeof auth === 'object' && auth !== null && 'headers' in auth)
    return stringHeaders(auth.headers);
  return {};
}

/** Listeners shared by every socket of `manager`; `this` is the socket that emitted. */
function socketListeners(manager: ChannelManager) {
  return {
    subscribe(this: EchoSocket, payload: unknown): void {
      manager.guard(this, 'subscribe', () => manager.subscribe(this, payload));
    },
    unsubscribe(this: EchoSocket, payload: unknown): void {
      manager.guard(this, 'unsubscribe', () => manager.unsubscribe(this, payload));
    },
    whisper(this: EchoSocket, payload: unknown): void {
      manager.guard(this, 'client event', () => manager.whisper(this, payload));
    },
    disconnect(this: EchoSocket): void {
      manager.guard(this, 'disconnect', () => manager.leaveAllPresence(this));
    },
  };
}
