/**
 * Reads WebSocket frames (RFC 6455, section 5.2) out of a byte stream, as they cross the wire:
 * the `ch1-handshake` demo feeds it the raw bytes a socket read and wrote and reports each frame
 * to the page: opcode, FIN, RSV bits, mask and masking key, the length and which length field
 * carried it, and the payload (unmasked). Payloads are kept only up to a preview size, so a
 * large frame costs no memory.
 */

/** Opcode names of RFC 6455, section 5.2. */
export const OPCODE_NAMES: Readonly<Record<number, string>> = {
  0x0: 'continuation',
  0x1: 'text',
  0x2: 'binary',
  0x8: 'close',
  0x9: 'ping',
  0xa: 'pong',
};

/** What the payload carried, decoded for a reader. */
export type FramePayload =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly hex: string }
  | { readonly kind: 'close'; readonly code?: number; readonly reason: string };

/** One frame as it was on the wire. */
export interface FrameInfo {
  readonly fin: boolean;
  readonly rsv1: boolean;
  readonly rsv2: boolean;
  readonly rsv3: boolean;
  readonly opcode: number;
  /** `text`, `binary`, `close`, `ping`, `pong`, `continuation` or `reserved`. */
  readonly opcodeName: string;
  readonly masked: boolean;
  /** The 4-byte masking key in hex, when masked. */
  readonly maskKey?: string;
  readonly payloadLength: number;
  /** Where the length was: the 7-bit field, or 126/127 followed by a 16- or 64-bit one. */
  readonly lengthField: '7-bit' | '16-bit' | '64-bit';
  /** Bytes of the header (2 to 14) and their hex. */
  readonly headerBytes: number;
  readonly headerHex: string;
  /** Header plus payload: the frame's size on the wire. */
  readonly frameBytes: number;
  readonly payload: FramePayload;
  /** Whether the payload shown is cut short (only the first bytes are kept). */
  readonly truncated: boolean;
}

/** Payload bytes kept per frame for the preview. */
export const PREVIEW_BYTES = 512;

interface Header {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  mask: Buffer | undefined;
  length: number;
  lengthField: FrameInfo['lengthField'];
  raw: Buffer;
}

/** The header at the start of `bytes`, or undefined while incomplete; throws on a bad length. */
function readHeader(bytes: Buffer): Header | undefined {
  if (bytes.length < 2) return undefined;
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  const masked = (b1 & 0x80) !== 0;
  const len7 = b1 & 0x7f;
  const extra = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
  const size = 2 + extra + (masked ? 4 : 0);
  if (bytes.length < size) return undefined;
  let length = len7;
  if (len7 === 126) length = bytes.readUInt16BE(2);
  if (len7 === 127) {
    const big = bytes.readBigUInt64BE(2);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('frame length over 2^53');
    length = Number(big);
  }
  return {
    fin: (b0 & 0x80) !== 0,
    rsv1: (b0 & 0x40) !== 0,
    rsv2: (b0 & 0x20) !== 0,
    rsv3: (b0 & 0x10) !== 0,
    opcode: b0 & 0x0f,
    masked,
    mask: masked ? bytes.subarray(2 + extra, size) : undefined,
    length,
    lengthField: len7 === 126 ? '16-bit' : len7 === 127 ? '64-bit' : '7-bit',
    raw: Buffer.from(bytes.subarray(0, size)),
  };
}

/** Turns a stream of bytes into frames; one parser per direction of one connection. */
export class FrameParser {
  #pending: Buffer = Buffer.alloc(0);
  #header: Header | undefined;
  #kept: Buffer[] = [];
  #keptBytes = 0;
  #remaining = 0;
  /** The opcode of the message a continuation frame belongs to. */
  #messageOpcode = 0;
  #broken = false;

  /** Whether the stream stopped making sense (the parser then reports nothing more). */
  get broken(): boolean {
    return this.#broken;
  }

  /** Feeds bytes; returns the frames they completed. */
  push(chunk: Buffer): FrameInfo[] {
    if (this.#broken) return [];
    const frames: FrameInfo[] = [];
    let data = chunk;
    try {
      while (data.length > 0 || (this.#header !== undefined && this.#remaining === 0)) {
        if (this.#header === undefined) {
          this.#pending = this.#pending.length > 0 ? Buffer.concat([this.#pending, data]) : data;
          data = Buffer.alloc(0);
          const header = readHeader(this.#pending);
          if (header === undefined) break;
          data = this.#pending.subarray(header.raw.length);
          this.#pending = Buffer.alloc(0);
          this.#header = header;
          this.#remaining = header.length;
          this.#kept = [];
          this.#keptBytes = 0;
        }
        const take = Math.min(this.#remaining, data.length);
        const keep = Math.min(take, PREVIEW_BYTES - this.#keptBytes);
        if (keep > 0) {
          this.#kept.push(Buffer.from(data.subarray(0, keep)));
          this.#keptBytes += keep;
        }
        this.#remaining -= take;
        data = data.subarray(take);
        if (this.#remaining === 0) {
          frames.push(this.#finish(this.#header));
          this.#header = undefined;
        }
      }
    } catch {
      this.#broken = true;
    }
    return frames;
  }

  #finish(header: Header): FrameInfo {
    const payload = Buffer.concat(this.#kept);
    if (header.mask) {
      for (let i = 0; i < payload.length; i += 1) {
        payload[i] = (payload[i] ?? 0) ^ (header.mask[i % 4] ?? 0);
      }
    }
    if (header.opcode === 0x1 || header.opcode === 0x2) this.#messageOpcode = header.opcode;
    const dataOpcode = header.opcode === 0x0 ? this.#messageOpcode : header.opcode;
    return {
      fin: header.fin,
      rsv1: header.rsv1,
      rsv2: header.rsv2,
      rsv3: header.rsv3,
      opcode: header.opcode,
      opcodeName: OPCODE_NAMES[header.opcode] ?? 'reserved',
      masked: header.masked,
      ...(header.mask ? { maskKey: header.mask.toString('hex') } : {}),
      payloadLength: header.length,
      lengthField: header.lengthField,
      headerBytes: header.raw.length,
      headerHex: hexBytes(header.raw),
      frameBytes: header.raw.length + header.length,
      payload: describePayload(dataOpcode, payload),
      truncated: header.length > payload.length,
    };
  }
}

/** `81 85 37 fa` style hex. */
export function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function describePayload(opcode: number, payload: Buffer): FramePayload {
  if (opcode === 0x8) {
    return payload.length >= 2
      ? { kind: 'close', code: payload.readUInt16BE(0), reason: payload.subarray(2).toString() }
      : { kind: 'close', reason: '' };
  }
  if (opcode === 0x1) return { kind: 'text', text: payload.toString('utf8') };
  return { kind: 'binary', hex: hexBytes(payload) };
}
