/**
 * The pure part of the `ch1-chat` demo: which room the page joins, the link that brings another
 * tab or device into it, and how a server refusal is put into words.
 */
import type { ChatAck } from '../../../../server/demos/chat/chat-protocol.ts';

/** A room name the server accepts (kept in step with the server's `ROOM_PATTERN`). */
const ROOM = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The query parameter that carries the room in a shared link. */
export const ROOM_PARAM = 'room';

/** The room name typed by a reader, normalised (lowercase, spaces to dashes), or undefined. */
export function normaliseRoom(input: string): string | undefined {
  const room = input.trim().toLowerCase().replace(/\s+/g, '-');
  return ROOM.test(room) ? room : undefined;
}

/** A fresh room name, e.g. `room-4f9c2a`, from `random` (16 bytes or fewer are used). */
export function randomRoom(random: Uint8Array): string {
  const hex = [...random.slice(0, 3)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `room-${hex}`;
}

/** The room a page URL asks for, if any. */
export function roomFromUrl(url: string): string | undefined {
  const value = new URL(url).searchParams.get(ROOM_PARAM);
  return value === null ? undefined : normaliseRoom(value);
}

/** The page URL that opens the same room (and scrolls to the demo). */
export function shareUrl(pageUrl: string, room: string, anchor: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set(ROOM_PARAM, room);
  url.hash = anchor;
  return url.toString();
}

/** The strings a refusal is worded with, keyed `refused_<code>`. */
export type RefusalStrings = Readonly<Record<string, string>>;

/** The reader's sentence for a refused join or message. */
export function refusalText(ack: ChatAck, strings: RefusalStrings): string {
  if (ack.ok) return '';
  const template = strings[`refused_${ack.code}`] ?? ack.message;
  return template
    .replaceAll('{max}', String(ack.max ?? ''))
    .replaceAll('{length}', String(ack.length ?? ''));
}

/** Whether an unknown acknowledgement has the shape of a {@link ChatAck}. */
export function isChatAck(value: unknown): value is ChatAck {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return true;
  return value.ok === false && 'code' in value && typeof value.code === 'string';
}

/** `at` (ms) as the reader's clock time, `HH:MM:SS`. */
export function clockTime(at: number, locale: string): string {
  return new Date(at).toLocaleTimeString(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}
