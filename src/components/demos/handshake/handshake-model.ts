/**
 * The pure part of the `ch1-handshake` demo: checking the reports the server sends on its watch
 * stream (they arrive as text, so nothing is trusted before it is checked) and turning a frame
 * into the cells of the frame table.
 */
import type { AcceptDerivation } from '../../../../server/demos/ws-inspector/accept-key.ts';
import type { FrameInfo } from '../../../../server/demos/ws-inspector/frame-parser.ts';
import type { HandshakeReport } from '../../../../server/demos/ws-inspector/handshake-report.ts';

/** A frame report: which way it went, and the frame. */
export type FrameReport = FrameInfo & { readonly direction: 'in' | 'out' };

/** The end of the connection as the server saw it. */
export interface ClosedReport {
  readonly code: number;
  readonly reason: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isHead = (value: unknown): value is HandshakeReport['request'] =>
  isObject(value) && typeof value['text'] === 'string' && typeof value['bytes'] === 'number';

const isAccept = (value: unknown): value is AcceptDerivation =>
  isObject(value) &&
  ['key', 'guid', 'concatenated', 'sha1Hex', 'accept'].every((k) => typeof value[k] === 'string');

/** Parses the data of a `handshake` event. */
export function parseHandshake(text: string): HandshakeReport | undefined {
  const value = parseJson(text);
  return isObject(value) &&
    isHead(value['request']) &&
    isHead(value['response']) &&
    isAccept(value['accept'])
    ? (value as unknown as HandshakeReport)
    : undefined;
}

/** Parses the data of a `frame` event. */
export function parseFrame(text: string): FrameReport | undefined {
  const value = parseJson(text);
  if (!isObject(value)) return undefined;
  const ok =
    (value['direction'] === 'in' || value['direction'] === 'out') &&
    typeof value['opcode'] === 'number' &&
    typeof value['opcodeName'] === 'string' &&
    typeof value['fin'] === 'boolean' &&
    typeof value['masked'] === 'boolean' &&
    typeof value['payloadLength'] === 'number' &&
    typeof value['headerBytes'] === 'number' &&
    typeof value['frameBytes'] === 'number' &&
    typeof value['headerHex'] === 'string' &&
    isObject(value['payload']);
  return ok ? (value as unknown as FrameReport) : undefined;
}

/** Parses the data of a `closed` event. */
export function parseClosed(text: string): ClosedReport | undefined {
  const value = parseJson(text);
  return isObject(value) && typeof value['code'] === 'number' && typeof value['reason'] === 'string'
    ? { code: value['code'], reason: value['reason'] }
    : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Names of the close codes a reader meets here (RFC 6455, section 7.4.1). */
export const CLOSE_CODES: Readonly<Record<number, string>> = {
  1000: 'normal closure',
  1001: 'going away',
  1005: 'no status',
  1006: 'abnormal closure',
  1008: 'policy violation',
  1009: 'message too big',
};

/** The strings a frame row is worded with. */
export interface FrameWords {
  readonly in: string;
  readonly out: string;
  readonly yes: string;
  readonly no: string;
  /** `{n}` and `{field}`. */
  readonly length: string;
  /** `{key}`. */
  readonly maskKey: string;
  /** `{code}`, `{name}` and `{reason}`. */
  readonly close: string;
  /** `{total}` bytes in all, only the first shown. */
  readonly cut: string;
  /** `{chars}` characters in `{bytes}` bytes (text that is not all ASCII). */
  readonly chars: string;
}

const fillIn = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );

/** The payload as a reader should see it: quoted text, hex bytes, or a close code. */
export function payloadText(frame: FrameInfo, words: FrameWords): string {
  const { payload } = frame;
  let text: string;
  if (payload.kind === 'text') {
    text = JSON.stringify(payload.text);
    // UTF-8: a CJK character takes 3 bytes, so the length field counts bytes, not characters.
    const chars = [...payload.text].length;
    if (!frame.truncated && chars !== frame.payloadLength)
      text += ` ${fillIn(words.chars, { chars, bytes: frame.payloadLength })}`;
  } else if (payload.kind === 'close')
    text =
      payload.code === undefined
        ? '—'
        : fillIn(words.close, {
            code: payload.code,
            name: CLOSE_CODES[payload.code] ?? '',
            reason: JSON.stringify(payload.reason),
          });
  else text = payload.hex === '' ? '—' : payload.hex;
  if (frame.truncated) text += ` ${fillIn(words.cut, { total: frame.payloadLength })}`;
  return text;
}

/** The cells of one row: #, direction, opcode, FIN, MASK, length, bytes, header, payload. */
export function frameCells(index: number, frame: FrameReport, words: FrameWords): string[] {
  return [
    String(index),
    frame.direction === 'in' ? words.in : words.out,
    `${frame.opcodeName} (0x${frame.opcode.toString(16)})`,
    frame.fin ? '1' : '0',
    frame.masked ? `1 ${fillIn(words.maskKey, { key: frame.maskKey ?? '' })}` : '0',
    fillIn(words.length, { n: frame.payloadLength, field: frame.lengthField }),
    String(frame.frameBytes),
    frame.headerHex,
    payloadText(frame, words),
  ];
}
