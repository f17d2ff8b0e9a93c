/**
 * How a server answers a WebSocket key (RFC 6455, section 4.2.2): append the fixed GUID, take
 * the SHA-1, encode it in base64. The `ch1-handshake` demo shows every step for the key the
 * reader's browser really sent, and checks the result against the header really answered.
 */
import { createHash } from 'node:crypto';

/** The GUID of RFC 6455 that every server appends to the key. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The derivation, step by step. */
export interface AcceptDerivation {
  /** `Sec-WebSocket-Key` as the browser sent it. */
  readonly key: string;
  readonly guid: string;
  /** key + GUID, the string that is hashed. */
  readonly concatenated: string;
  /** The 20 bytes of SHA-1, in hex. */
  readonly sha1Hex: string;
  /** base64 of those 20 bytes: the expected `Sec-WebSocket-Accept`. */
  readonly accept: string;
  /** `Sec-WebSocket-Accept` as the server sent it, when known. */
  readonly sent?: string;
  /** Whether `sent` equals `accept`. */
  readonly matches?: boolean;
}

/** Derives the accept value for `key`; with `sent`, checks it. */
export function deriveAccept(key: string, sent?: string): AcceptDerivation {
  const concatenated = key + WEBSOCKET_GUID;
  const digest = createHash('sha1').update(concatenated).digest();
  const accept = digest.toString('base64');
  return {
    key,
    guid: WEBSOCKET_GUID,
    concatenated,
    sha1Hex: digest.toString('hex'),
    accept,
    ...(sent === undefined ? {} : { sent, matches: sent === accept }),
  };
}
