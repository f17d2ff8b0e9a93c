/**
 * The wire shapes of the Laravel broadcasting protocol (PROTOCOL.md sections 1, 3 and 4):
 * typed Socket.IO event maps and parsers for everything that arrives from the network.
 * Shared by the server, the demos and the tests.
 */
import { z } from 'zod';
import type { ChannelName } from '../redis/keys.ts';

/** A presence member as Laravel's `/broadcasting/auth` describes it. */
export interface PresenceMember {
  user_id: string | number;
  user_info: unknown;
}

/** Why a whisper was refused; sent to the sender in a `whisper_error` event. */
export type WhisperErrorCode =
  'invalid_payload' | 'invalid_event' | 'not_private' | 'not_member' | 'too_large' | 'rate_limited';

/** Events a client sends (laravel-echo 1.x and 2.x). */
export interface ClientToServerEvents {
  subscribe: (payload: unknown) => void;
  unsubscribe: (payload: unknown) => void;
  'client event': (payload: unknown) => void;
}

/**
 * Events the server sends. Every one carries the channel name first: Echo filters on it.
 * Laravel event names are arbitrary, hence the index signature.
 */
export interface ServerToClientEvents {
  subscription_error(channel: ChannelName, status: number): void;
  'presence:subscribed'(channel: ChannelName, members: PresenceMember[]): void;
  'presence:joining'(channel: ChannelName, member: PresenceMember): void;
  'presence:leaving'(channel: ChannelName, member: PresenceMember): void;
  /** Our addition: a refused whisper, to its sender only. */
  whisper_error(channel: ChannelName, error: { event: string; code: WhisperErrorCode }): void;
  [laravelEvent: string]: LaravelEventListener;
}

/** `(channel, data)`, declared as a method so the named events above stay assignable to it. */
export type LaravelEventListener = {
  listener(channel: ChannelName, data: unknown): void;
}['listener'];

/** Names Socket.IO refuses to emit; a Laravel event with one of them is dropped. */
export const RESERVED_EVENT_NAMES: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

const headersSchema = z.record(z.string(), z.unknown());

const subscribeSchema = z.object({
  channel: z.string(),
  auth: z.object({ headers: headersSchema.optional() }).loose().optional().catch(undefined),
});

/** A parsed `subscribe` / `unsubscribe` payload. */
export interface SubscribeRequest {
  channel: string;
  /** The client's `auth.headers`, string values only. */
  headers: Record<string, string>;
}

/** Keeps only string-valued headers: anything else cannot be forwarded faithfully. */
export function stringHeaders(value: unknown): Record<string, string> {
  const parsed = headersSchema.safeParse(value);
  const out: Record<string, string> = {};
  if (!parsed.success) return out;
  for (const [k, v] of Object.entries(parsed.data)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number') out[k] = String(v);
  }
  return out;
}

/** Parses a `subscribe` or `unsubscribe` payload; `undefined` when it is not one. */
export function parseSubscribe(payload: unknown): SubscribeRequest | undefined {
  const parsed = subscribeSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  return { channel: parsed.data.channel, headers: stringHeaders(parsed.data.auth?.headers) };
}

const whisperSchema = z.object({ channel: z.string(), event: z.string(), data: z.unknown() });

/** A parsed `client event` (whisper). */
export type WhisperRequest = z.infer<typeof whisperSchema>;

/** Parses a `client event` payload, given as an object or as a JSON string. */
export function parseWhisper(payload: unknown): WhisperRequest | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  const parsed = whisperSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** One broadcast as Laravel publishes it to Redis. */
export interface LaravelMessage {
  event: string;
  data: unknown;
  /** The `X-Socket-ID` of a `toOthers()` request: that socket must not receive it. */
  socket: string | undefined;
}

/**
 * Parses a Redis broadcast payload (JSON text); `undefined` when it is not one: an object
 * with a non-empty string `event`, any `data`, and a string or null `socket` (or none).
 * Checked by hand rather than with a schema: it runs once per relayed message.
 */
export function parseLaravelMessage(text: string): LaravelMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { event, data, socket } = value as Record<string, unknown>;
  if (typeof event !== 'string' || event === '') return undefined;
  if (socket !== undefined && socket !== null && typeof socket !== 'string') return undefined;
  return { event, data, socket: socket ?? undefined };
}

const channelDataSchema = z.object({
  user_id: z.union([z.string(), z.number()]),
  user_info: z.unknown(),
});

/**
 * Parses the body of a 200 `/broadcasting/auth` answer for a presence channel.
 * `channel_data` may be an object or (Pusher style) a JSON string.
 */
export function parsePresenceAuth(body: unknown): PresenceMember | undefined {
  if (typeof body !== 'object' || body === null || !('channel_data' in body)) return undefined;
  let data: unknown = body.channel_data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      return undefined;
    }
  }
  const parsed = channelDataSchema.safeParse(data);
  if (!parsed.success) return undefined;
  return { user_id: parsed.data.user_id, user_info: parsed.data.user_info ?? null };
}
