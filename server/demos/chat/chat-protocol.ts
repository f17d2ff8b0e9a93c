/**
 * The wire shapes of the `ch1-chat` demo: a Socket.IO namespace of its own (`/demo-chat`) on the
 * site's Socket.IO server. The page imports these types only; the server parses every payload
 * with the schemas here, because anything a client sends is untrusted.
 */
import { z } from 'zod';

/** The namespace the chat lives in; the echo server's default namespace is left alone. */
export const CHAT_NAMESPACE = '/demo-chat';

/** The limits the server enforces (the page is told them when it joins). */
export interface ChatLimits {
  /** Characters in one message. */
  readonly maxMessageChars: number;
  /** Characters in a name. */
  readonly maxNameChars: number;
  /** Messages one socket may send in a burst. */
  readonly burst: number;
  /** Messages regained per second after a burst. */
  readonly perSecond: number;
}

/** The limits the site runs with. */
export const CHAT_LIMITS: ChatLimits = {
  maxMessageChars: 500,
  maxNameChars: 24,
  burst: 5,
  perSecond: 1,
};

/** A room name: short, lowercase, safe in a URL. */
export const ROOM_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** `join` payload: which room, under which name. */
export const joinSchema = z.object({
  room: z.string().regex(ROOM_PATTERN),
  name: z.string(),
});

/** `message` payload. */
export const messageSchema = z.object({ text: z.string() });

/** Why the server refused something (the page words it in the reader's language). */
export type ChatRefusal =
  'invalid' | 'bad_room' | 'bad_name' | 'empty' | 'too_long' | 'rate_limited' | 'not_joined';

/** The answer to `join` and `message`. */
export type ChatAck =
  | { ok: true; room?: string; name?: string; members?: number; limits?: ChatLimits }
  | { ok: false; code: ChatRefusal; message: string; max?: number; length?: number };

/** A chat message as the server relays it to the room (sender included). */
export interface ChatMessage {
  /** Server-assigned, increasing per process. */
  readonly id: number;
  readonly room: string;
  readonly name: string;
  readonly text: string;
  /** Server time in ms since the epoch. */
  readonly at: number;
}

/** Someone joined or left; `members` is the room's size after the change. */
export interface ChatPresence {
  readonly room: string;
  readonly name: string;
  readonly event: 'joined' | 'left';
  readonly members: number;
}

/** Events the page sends. */
export interface ChatClientEvents {
  join: (payload: unknown, ack?: unknown) => void;
  message: (payload: unknown, ack?: unknown) => void;
}

/** Events the server sends. */
export interface ChatServerEvents {
  message: (message: ChatMessage) => void;
  presence: (presence: ChatPresence) => void;
}

/** What the server remembers per socket (plain data: connection state recovery keeps it). */
export interface ChatSocketData {
  room?: string | undefined;
  name?: string | undefined;
}
