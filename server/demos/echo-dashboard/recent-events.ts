/**
 * The echo server's most recent broadcasts, for the dashboard ("recent events"; the HTTP API of
 * laravel-echo-server has no such route, so the demo keeps them from the server's own events).
 * The data of private and presence channels is never kept: it belongs to their members.
 */
import { channelType } from '../../echo/channels/channel-name.ts';
import type { EchoServerEventMap } from '../../echo/create-echo-server.ts';

/** How many broadcasts are kept. */
export const RECENT_LIMIT = 12;
/** Longest data preview kept, in characters. */
const PREVIEW_CHARS = 300;

/** One broadcast as the dashboard shows it. */
export interface RecentEvent {
  /** When the echo server received it (ISO time). */
  readonly at: string;
  /** `redis` (from Laravel) or `http` (`POST /apps/:appId/events`). */
  readonly source: 'redis' | 'http';
  readonly channel: string;
  readonly event: string;
  /** The data as JSON, trimmed; absent for private and presence channels. */
  readonly data?: string;
  /** Whether the data was withheld (private or presence channel). */
  readonly withheld: boolean;
}

/** A ring of the latest broadcasts. */
export class RecentEvents {
  readonly #items: RecentEvent[] = [];

  /** Records one broadcast. */
  add(broadcast: EchoServerEventMap['broadcast']): void {
    const withheld = channelType(broadcast.channel) !== 'public';
    const json = JSON.stringify(broadcast.data) ?? 'null';
    const item: RecentEvent = {
      at: new Date(broadcast.receivedAt).toISOString(),
      source: broadcast.source,
      channel: broadcast.channel,
      event: broadcast.event,
      withheld,
      ...(withheld
        ? {}
        : { data: json.length > PREVIEW_CHARS ? `${json.slice(0, PREVIEW_CHARS)}…` : json }),
    };
    this.#items.push(item);
    if (this.#items.length > RECENT_LIMIT) this.#items.shift();
  }

  /** Newest first. */
  list(): RecentEvent[] {
    return [...this.#items].reverse();
  }
}
