/**
 * The app's broadcaster: publishes events to Redis exactly as Laravel's `redis` broadcast
 * driver does (`Illuminate\Broadcasting\Broadcasters\RedisBroadcaster`): one Lua `EVAL` with
 * no keys, ARGV[1] the payload and ARGV[2..] the prefixed channels; the payload
 * `{"event","data","socket"}` in `json_encode`'s bytes; `socket` also left inside `data`.
 */
import type { Redis } from 'ioredis';
import { phpJsonEncode, type JsonValue } from './php-json.ts';

/** The Lua script Laravel evaluates: one PUBLISH per channel, payload shared. */
export const PUBLISH_SCRIPT = `for i = 2, #ARGV do
  redis.call('publish', ARGV[i], ARGV[1])
end`;

/** The event Laravel broadcasts for a database/broadcast notification. */
export const NOTIFICATION_EVENT = 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated';

/** One broadcast, as an event class would describe it. */
export interface BroadcastMessage {
  /** Channel names without the Redis prefix: `news`, `private-order.1`, `presence-chat.1`. */
  readonly channels: readonly string[];
  /** `broadcastAs()` or the class name, e.g. `App\Events\OrderShipped`. */
  readonly event: string;
  /** `broadcastWith()`: an object, or a list. */
  readonly data: Readonly<Record<string, JsonValue>> | readonly JsonValue[];
  /** The `X-Socket-ID` of the request when the event used `toOthers()`. */
  readonly socket?: string | null;
}

/** The exact `EVAL` call: what `MONITOR` would show. */
export interface PublishCommand {
  readonly script: string;
  readonly numkeys: 0;
  /** ARGV: payload, then the prefixed channels. */
  readonly args: readonly string[];
}

/**
 * Laravel merges `['socket' => …]` into the event's payload (an array): a list gets string
 * keys after its indexes, so it becomes an object, as PHP's `json_encode` would write it.
 */
function withSocket(
  data: BroadcastMessage['data'],
  socket: string | null,
): { [key: string]: JsonValue } {
  const merged: { [key: string]: JsonValue } = {};
  if (Array.isArray(data))
    (data as readonly JsonValue[]).forEach((value, index) => (merged[String(index)] = value));
  else Object.assign(merged, data);
  delete merged['socket'];
  merged['socket'] = socket;
  return merged;
}

/** The payload string Laravel would publish for `message`. */
export function encodePayload(message: BroadcastMessage): string {
  const socket = message.socket ?? null;
  return phpJsonEncode({ event: message.event, data: withSocket(message.data, socket), socket });
}

/** The `EVAL` command for `message` with Laravel's Redis key prefix. */
export function buildPublishCommand(message: BroadcastMessage, keyPrefix: string): PublishCommand {
  return {
    script: PUBLISH_SCRIPT,
    numkeys: 0,
    args: [encodePayload(message), ...message.channels.map((channel) => `${keyPrefix}${channel}`)],
  };
}

/** One broadcast sent: what, the exact command, and when (for the pipeline demo's timings). */
export interface Published {
  readonly message: BroadcastMessage;
  readonly command: PublishCommand;
  /** `Date.now()` just before the EVAL went out. */
  readonly publishedAt: number;
  /** How long Redis took to run the EVAL, in ms. */
  readonly evalMs: number;
}

/** Publishes events to Redis as a Laravel app with the given key prefix would. */
export class Broadcaster {
  readonly #redis: Redis;
  readonly #keyPrefix: string;
  readonly #onPublish: ((published: Published) => void) | undefined;

  /** `onPublish` sees every command sent (the demos' live views use it). */
  constructor(redis: Redis, keyPrefix: string, onPublish?: (published: Published) => void) {
    this.#redis = redis;
    this.#keyPrefix = keyPrefix;
    this.#onPublish = onPublish;
  }

  /** The prefix added to every channel (`database.redis.options.prefix`). */
  get keyPrefix(): string {
    return this.#keyPrefix;
  }

  /**
   * Publishes `message`; resolves with the command sent and when. Rejects when Redis is
   * unreachable (the connection does not queue commands while offline).
   */
  async broadcast(message: BroadcastMessage): Promise<Published> {
    const command = buildPublishCommand(message, this.#keyPrefix);
    const publishedAt = Date.now();
    const started = performance.now();
    if (message.channels.length > 0) {
      await this.#redis.eval(command.script, command.numkeys, ...command.args);
    }
    const published: Published = {
      message,
      command,
      publishedAt,
      evalMs: performance.now() - started,
    };
    this.#onPublish?.(published);
    return published;
  }
}

/** Options of {@link notificationMessage}. */
export interface NotificationInput {
  readonly userId: number | string;
  /** The notification's uuid. */
  readonly id: string;
  /** `broadcastType()` or the notification class, e.g. `App\Notifications\InvoicePaid`. */
  readonly type: string;
  /** `toBroadcast()` / `toArray()` data. */
  readonly data: Readonly<Record<string, JsonValue>>;
  readonly socket?: string | null;
}

/**
 * The broadcast a notification to a `User` becomes: `BroadcastNotificationCreated` on
 * `private-App.Models.User.<id>`, its data merged with `id` and `type`.
 */
export function notificationMessage(input: NotificationInput): BroadcastMessage {
  return {
    channels: [`private-App.Models.User.${input.userId}`],
    event: NOTIFICATION_EVENT,
    data: { ...input.data, id: input.id, type: input.type },
    socket: input.socket ?? null,
  };
}
