/**
 * Reads a Socket.IO event out of an Engine.IO message frame (`42["event",…args]`: Engine.IO
 * type 4 "message" carrying Socket.IO type 2 "EVENT" on the main namespace), so a demo can say
 * which event name was really on the wire.
 */

/** A Socket.IO event as framed on the wire. */
export interface EventFrame {
  readonly event: string;
  readonly args: readonly unknown[];
}

/** The event of a `42[…]` frame; undefined for any other frame or malformed text. */
export function parseEventFrame(text: string): EventFrame | undefined {
  const match = /^42(\d*)(\[.*)$/s.exec(text);
  if (match?.[2] === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(match[2]);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string') return undefined;
  const [event, ...args] = value as [string, ...unknown[]];
  return { event, args };
}

/** A Laravel broadcast as Echo receives it: `[event, channel, data]`. */
export interface BroadcastFrame {
  readonly event: string;
  readonly channel: string;
  readonly data: unknown;
}

/** The broadcast in a frame (`42["App\\Events\\X","news",{…}]`), if it is one. */
export function parseBroadcastFrame(text: string): BroadcastFrame | undefined {
  const frame = parseEventFrame(text);
  if (frame === undefined || typeof frame.args[0] !== 'string') return undefined;
  return { event: frame.event, channel: frame.args[0], data: frame.args[1] };
}
