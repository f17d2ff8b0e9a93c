/**
 * RESP2, the protocol Redis speaks on the wire: encoding a command as an array of bulk strings
 * and parsing replies incrementally, keeping the exact bytes of each reply so the console's
 * inspector can show what Redis really answered (a client library would hide them).
 */

/** One parsed RESP2 reply. Bulk strings stay bytes: a key may hold any binary value. */
export type RespValue =
  | { readonly type: 'simple'; readonly value: string }
  | { readonly type: 'error'; readonly value: string }
  | { readonly type: 'integer'; readonly value: string }
  | { readonly type: 'bulk'; readonly value: Buffer | null }
  | { readonly type: 'array'; readonly value: readonly RespValue[] | null };

/** A reply and the bytes it arrived as. */
export interface RespReply {
  readonly value: RespValue;
  readonly raw: Buffer;
}

/** The reply could not be parsed: the connection is out of step and must be dropped. */
export class RespProtocolError extends Error {
  override readonly name = 'RespProtocolError';
}

/** Encodes a command (`['SET', 'k', 'v']`) as RESP: `*3\r\n$3\r\nSET\r\n...`. */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

// Replies larger than this mean something is wrong: the console's quotas keep real ones tiny.
const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** Parses a stream of RESP2 replies; feed it bytes as they arrive. */
export class RespParser {
  #buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes and returns every reply that is now complete, in order. */
  feed(chunk: Buffer): RespReply[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > MAX_REPLY_BYTES) {
      throw new RespProtocolError(`Reply larger than ${MAX_REPLY_BYTES} bytes`);
    }
    const replies: RespReply[] = [];
    for (;;) {
      const parsed = parseAt(this.#buffer, 0, 0);
      if (parsed === undefined) break;
      replies.push({ value: parsed.value, raw: this.#buffer.subarray(0, parsed.end) });
      this.#buffer = this.#buffer.subarray(parsed.end);
    }
    return replies;
  }

  /** Forgets any partial reply (after a reconnect). */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
  }
}

interface Parsed {
  readonly value: RespValue;
  readonly end: number;
}

function lineAt(buffer: Buffer, start: number): { text: string; next: number } | undefined {
  const end = buffer.indexOf('\r\n', start);
  if (end < 0) return undefined;
  return { text: buffer.toString('utf8', start, end), next: end + 2 };
}

function lengthOf(text: string): number {
  if (!/^-?\d{1,10}$/.test(text)) throw new RespProtocolError(`Bad length "${text}"`);
  return Number(text);
}

/** Parses one reply at `start`; undefined while it is incomplete. */
function parseAt(buffer: Buffer, start: number, depth: number): Parsed | undefined {
  if (depth > 32) throw new RespProtocolError('Reply nested too deeply');
  if (buffer.length <= start) return undefined;
  const marker = String.fromCharCode(buffer[start] ?? 0);
  const line = lineAt(buffer, start + 1);
  if (line === undefined) return undefined;
  switch (marker) {
    case '+':
      return { value: { type: 'simple', value: line.text }, end: line.next };
    case '-':
      return { value: { type: 'error', value: line.text }, end: line.next };
    case ':':
      return { value: { type: 'integer', value: line.text }, end: line.next };
    case '$': {
      const length = lengthOf(line.text);
      if (length < 0) return { value: { type: 'bulk', value: null }, end: line.next };
      if (buffer.length < line.next + length + 2) return undefined;
      const value = Buffer.from(buffer.subarray(line.next, line.next + length));
      return { value: { type: 'bulk', value }, end: line.next + length + 2 };
    }
    case '*': {
      const count = lengthOf(line.text);
      if (count < 0) return { value: { type: 'array', value: null }, end: line.next };
      const items: RespValue[] = [];
      let offset = line.next;
      for (let i = 0; i < count; i += 1) {
        const item = parseAt(buffer, offset, depth + 1);
        if (item === undefined) return undefined;
        items.push(item.value);
        offset = item.end;
      }
      return { value: { type: 'array', value: items }, end: offset };
    }
    default:
      throw new RespProtocolError(`Unknown reply type "${marker}"`);
  }
}

/** Shows RESP bytes on one line, `\r\n` and non-printable bytes escaped (`+OK\r\n`). */
export function showResp(raw: Buffer): string {
  let out = '';
  for (const byte of raw) {
    if (byte === 0x0d) out += '\\r';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
