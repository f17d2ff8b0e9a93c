/**
 * The pure part of the ch4-presence demo: the room's channel, how members are listed and
 * ordered, what the messages and whispers look like, and the typing indicator's timing.
 */
import { z } from 'zod';

/** The room: `Echo.join('chat.lobby')`, which is `presence-chat.lobby` on the wire. */
export const ROOM = 'chat.lobby';
/** The full channel name of {@link ROOM}. */
export const ROOM_CHANNEL = `presence-${ROOM}`;
/** A whisper is sent at most this often while the reader types. */
export const TYPING_THROTTLE_MS = 1500;
/** "is typing…" disappears this long after the last whisper. */
export const TYPING_SHOWN_MS = 3000;
/** Laravel's event class for a chat message (`listen('MessagePosted')`). */
export const MESSAGE_EVENT = 'App\\Events\\MessagePosted';

/** A member as the presence rule describes it (`['id' => …, 'name' => …]`). */
export const memberSchema = z.object({ id: z.union([z.number(), z.string()]), name: z.string() });
/** A member of the room. */
export type Member = z.infer<typeof memberSchema>;

/** A member from untrusted presence data; undefined when it is not one. */
export function parseMember(value: unknown): Member | undefined {
  const parsed = memberSchema.safeParse(value);
  return parsed.success ? { id: parsed.data.id, name: parsed.data.name.slice(0, 64) } : undefined;
}

/** The members of a `here` list, de-duplicated by id and sorted by name. */
export function memberList(values: readonly unknown[]): Member[] {
  const byId = new Map<string, Member>();
  for (const value of values) {
    const member = parseMember(value);
    if (member !== undefined) byId.set(String(member.id), member);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The list after `member` joined (replacing an entry with the same id). */
export function withMember(list: readonly Member[], member: Member): Member[] {
  return memberList([...list.filter((m) => String(m.id) !== String(member.id)), member]);
}

/** The list after `member` left. */
export function withoutMember(list: readonly Member[], member: Member): Member[] {
  return list.filter((m) => String(m.id) !== String(member.id));
}

const messageSchema = z.object({ name: z.string(), body: z.string() });
const typingSchema = z.object({ name: z.string() });

/** A chat message from a broadcast; undefined when malformed. */
export function parseMessage(value: unknown): { name: string; body: string } | undefined {
  const parsed = messageSchema.safeParse(value);
  return parsed.success
    ? { name: parsed.data.name.slice(0, 64), body: parsed.data.body.slice(0, 500) }
    : undefined;
}

/** The name in a `typing` whisper (whispers are untrusted: any member can send anything). */
export function parseTyping(value: unknown): string | undefined {
  const parsed = typingSchema.safeParse(value);
  return parsed.success ? parsed.data.name.slice(0, 64) : undefined;
}

/** Whether a new typing whisper may go out, `lastSent` ms since the epoch (0: never). */
export function mayWhisper(lastSent: number, now: number): boolean {
  return now - lastSent >= TYPING_THROTTLE_MS;
}
